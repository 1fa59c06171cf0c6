import { statementsOf } from '../../../src/diagnosis/checks/inline-policy';

describe('the statements of an inline policy', () => {
  const deny = { Effect: 'Deny', Action: 's3:*', Resource: '*' };
  const allow = { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' };

  it.each([
    { case: 'no policy', inline: undefined, statements: [] },
    { case: 'an empty string', inline: '', statements: [] },
    { case: 'white space', inline: '  \n', statements: [] },
    { case: 'no Statement', inline: '{"Version":"2012-10-17"}', statements: [] },
    { case: 'a null Statement', inline: '{"Statement":null}', statements: [] },
    { case: 'one statement as an object', inline: JSON.stringify({ Statement: deny }), statements: [deny] },
    {
      case: 'a list of statements',
      inline: JSON.stringify({ Version: '2012-10-17', Statement: [deny, allow] }),
      statements: [deny, allow],
    },
    { case: 'JSON that does not parse', inline: '{"Statement": [', statements: undefined },
    { case: 'a document that is a list', inline: '[{"Effect":"Deny"}]', statements: undefined },
    { case: 'a document that is a string', inline: '"Deny"', statements: undefined },
    { case: 'a document that is null', inline: 'null', statements: undefined },
  ])('reads $case', ({ inline, statements }) => {
    expect(statementsOf(inline)).toEqual(statements);
  });
});
