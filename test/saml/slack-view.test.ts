import { analyseSamlResponse } from '../../src/saml/analyse';
import { parseIdpMetadata, parseSpMetadata } from '../../src/saml/metadata';
import { buildSamlModalView, buildSamlRefusalView, buildSamlReportView } from '../../src/slack/views/saml';
import { base64, idpMetadataXml, SAMPLE, signedResponse, spMetadataXml } from './builder';
import { DANA, stubDirectory } from './directory';

async function reportFor(xml: string) {
  const analysis = await analyseSamlResponse(base64(xml), {
    sp: parseSpMetadata(spMetadataXml()),
    idp: parseIdpMetadata(idpMetadataXml()),
    atMs: Date.parse(SAMPLE.at),
    directory: stubDirectory([DANA]),
  });
  return buildSamlReportView(analysis);
}

describe('SAML views', () => {
  it('the modal has a multiline text input within Slack’s limit and a one-file upload, either optional, and says nothing is stored', () => {
    const view = buildSamlModalView();
    expect(view.callback_id).toBe('saml_paste');
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      block_id: 'saml_response',
      optional: true,
      element: {
        type: 'plain_text_input',
        action_id: 'saml_response_text',
        multiline: true,
        max_length: 3000,
      },
    });
    expect(inputs[1]).toMatchObject({
      block_id: 'saml_file',
      optional: true,
      element: {
        type: 'file_input',
        action_id: 'saml_response_file',
        filetypes: ['txt', 'har', 'json', 'xml', 'b64'],
        max_files: 1,
      },
    });
    expect(JSON.stringify(view)).toContain('never logged or stored');
    expect(JSON.stringify(view)).toContain('at most 5 MB');
  });

  it('escapes what the response says: a NameID cannot mention the channel or make a link', async () => {
    const view = await reportFor(
      signedResponse({ nameId: '<!channel>@x.example', issuer: '<https://evil.example|click>' }),
    );
    const json = JSON.stringify(view.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil.example');
    expect(json).toContain('&lt;!channel&gt;');
  });

  it('lists each problem with its fix, blocking ones first, within Slack’s block limit', async () => {
    const view = await reportFor(
      signedResponse({ nameId: 'dana.whitfield@northwind.example', audiences: ['urn:amazon:webservices'] }),
    );
    expect(view.text).toBe('2 problems found (2 blocking).');
    const sections = view.blocks.filter((b) => b.type === 'section').map((b) => JSON.stringify(b));
    expect(sections.filter((s) => s.includes('*Fix:*'))).toHaveLength(2);
    expect(view.blocks.length).toBeLessThanOrEqual(50);
  });

  it('the refusal is for non-approvers', () => {
    expect(buildSamlRefusalView().text).toBe('Only Identity Center approvers can analyse SAML responses.');
  });
});
