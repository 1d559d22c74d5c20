/** The demo article a fresh install opens with (written for Factmark, fictional): wire copy with numeric claims, quotes and translation slips. */
import { articleSchema } from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';

/**
 * The demo article created on first start. Written for Factmark (fictional
 * country, people and figures) in the style of machine-translated wire copy:
 * numeric claims, dates, attributed quotes, and garbled phrases such as
 * "hostile or hostile", "according to the press service of the fleet. Varnian."
 * and "in the frames of the plan".
 */
export const DEMO_TITLE = 'Varnia begins its largest naval drills in a decade, the ministry said';

const PARAGRAPHS: (string | { quote: string } | { list: string[] })[] = [
  'PORT MERIDAN, 14 March (Nordwire) — More than 50,000 soldiers and 140 aircraft are taking part in naval exercises that began on Tuesday in the Kessel Sea, the Defense Ministry said on Monday, calling them the biggest in the region since 2015.',
  'The drills involve 38 warships, among them six submarines, and will last until 28 March, according to the press service of the fleet. Varnian.',
  {
    quote:
      '"The exercises have an exclusively defensive character and are not directed against any country," Deputy Defense Minister Oleg Taran said at a briefing in the capital, she added that the fleet will continue patrols after the drills.',
  },
  'The exercises are held in the frames of the plan adopted by parliament in 2023, which raised the defense budget to 4.2 billion crowns, 12 percent more than the previous year.',
  'Last year the fleet intercepted 17 foreign reconnaissance aircraft near its borders and repelled hostile or hostile information attacks on its command networks, the ministry said.',
  {
    list: [
      'Personnel: more than 50,000',
      'Aircraft: 140',
      'Warships: 38, including six submarines',
      'Duration: 14 to 28 March',
    ],
  },
  'The foreign ministry of neighbouring Estlund said on Wednesday it had not been notified of the drills, in breach of a 1994 agreement that requires 42 days of notice for exercises involving more than 9,000 troops.',
  'According to a survey by the Meridan Institute published in February, 63 percent of Varnians support higher defense spending, up from 48 percent in 2021.',
  'The ministry did not immediately respond to a request for comment on Thursday.',
];

/** The demo article as a ProseMirror document of the article schema. */
export function demoArticle(): PMNode {
  const { nodes } = articleSchema;
  const para = (text: string) => nodes.paragraph.create(null, articleSchema.text(text));
  const blocks = PARAGRAPHS.map((p) => {
    if (typeof p === 'string') return para(p);
    if ('quote' in p) return nodes.blockquote.create(null, para(p.quote));
    return nodes.bullet_list.create(
      null,
      p.list.map((item) => nodes.list_item.create(null, para(item))),
    );
  });
  const doc = nodes.doc.create(null, [nodes.title.create(null, articleSchema.text(DEMO_TITLE)), ...blocks]);
  doc.check();
  return doc;
}
