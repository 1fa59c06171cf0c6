/** Renders Block Kit as plain text for transcripts: what a person would read, without the markup. */

interface TextObject {
  type?: string;
  text?: string;
}

interface Element {
  type?: string;
  text?: TextObject | string;
  action_id?: string;
  placeholder?: TextObject;
}

interface Block {
  type?: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: Element[];
  accessory?: { type?: string; placeholder?: TextObject; text?: TextObject };
}

/** Undoes mrkdwn's escapes and Slack's special tokens so the transcript reads naturally. */
function unslack(text: string): string {
  return text
    .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, '$1')
    .replace(/<@([UW][A-Z0-9]+)>/g, '@$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function blocksToText(blocks: unknown, fallback = ''): string {
  if (!Array.isArray(blocks) || blocks.length === 0) return unslack(fallback);
  const lines: string[] = [];
  for (const block of blocks as Block[]) {
    switch (block.type) {
      case 'header':
      case 'section': {
        if (block.text?.text) lines.push(unslack(block.text.text));
        for (const f of block.fields ?? []) if (f.text) lines.push(unslack(f.text));
        if (block.accessory?.type === 'static_select')
          lines.push(`[menu: ${block.accessory.placeholder?.text ?? 'choose'}]`);
        break;
      }
      case 'context':
        lines.push(
          (block.elements ?? [])
            .map((e) => unslack(typeof e.text === 'string' ? e.text : (e.text?.text ?? '')))
            .join('  '),
        );
        break;
      case 'actions':
        lines.push(
          (block.elements ?? [])
            .map((e) =>
              e.type === 'button'
                ? `[${typeof e.text === 'string' ? e.text : (e.text?.text ?? 'button')}]`
                : `[menu: ${e.placeholder?.text ?? 'choose'}]`,
            )
            .join(' '),
        );
        break;
      case 'divider':
        lines.push('---');
        break;
      default:
        break;
    }
  }
  return lines.join('\n');
}
