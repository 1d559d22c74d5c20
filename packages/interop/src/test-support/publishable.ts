/** A check a desk could publish: publication details, claimants, primary sources, each claim checked by a second person. */
import { type Actor, documentSettings, type Publication } from '@factmark/collab';
import { readCheck } from '../check.ts';
import { ALICE, DocBuilder, T0 } from './builder.ts';

export const BRUNO: Actor = { id: 'u-bruno', name: 'Bruno' };

/** The publication details of the sample (a fictional desk and wire). */
export const PUBLICATION: Publication = {
  articleUrl: 'https://nordwire.example/2026/03/14/varnia-drills',
  articlePublisher: 'Nordwire',
  articleAuthors: ['Ilse Varga'],
  articlePublishedAt: '2026-03-14',
  articleLanguage: 'en',
  factCheckUrl: 'https://desk.example/checks/varnia-drills',
  organizationName: 'Desk Fact Check',
  organizationUrl: 'https://desk.example/',
  organizationLogo: 'https://desk.example/logo.png',
};

/** Fields of a claim Alice judged and Bruno checked and published. */
function judged(verdict: string, fields: Record<string, unknown>) {
  return {
    verdict,
    verdictBy: ALICE,
    verdictAt: T0,
    status: 'published',
    checkedBy: { ...BRUNO, at: '2026-03-16T08:00:00.000Z', verdict },
    ...fields,
  };
}

/** The builder of a publishable check (callers may spoil it before reading). */
export function publishableBuilder(): DocBuilder {
  const b = new DocBuilder();
  const settings = documentSettings(b.doc);
  for (const [key, value] of Object.entries(PUBLICATION)) settings.set(key, value);
  const mod = b.source({
    url: 'https://mod.example/briefing',
    title: 'Ministry briefing, 14 March',
    publisher: 'Defense Ministry',
    archivedUrl: 'https://archive.example/2026/mod-briefing',
    accessedDate: '2026-03-15',
    primary: true,
  });
  const law = b.source({ url: 'https://parliament.example/budget-2023', title: 'Budget law 2023', primary: true });
  b.annotate(
    'claim',
    'More than 50,000 soldiers and 140 aircraft',
    judged('Mostly false', {
      statement: 'More than 50,000 soldiers and 140 aircraft take part in the Varnian naval drills in the Kessel Sea',
      rationale: 'The briefing gave 35,000 soldiers; 140 aircraft is right.',
      sourceIds: [mod],
      claimant: { name: 'Varnian Defense Ministry', kind: 'organization', url: 'https://mod.example/' },
      claimDate: '2026-03-13',
      firstAppearance: 'https://mod.example/briefing',
    }),
  );
  b.annotate(
    'claim',
    'the defense budget to 4.2 billion crowns',
    judged('True', {
      rationale: 'Article 3 of the law.',
      claimant: { name: 'Oleg Taran', kind: 'person', role: 'Deputy Defense Minister' },
      claimDate: '2026-03-14',
      appearances: ['https://nordwire.example/2026/03/14/varnia-drills', 'https://tv.example/varnia-briefing'],
    }),
  );
  b.annotate('citation', '4.2 billion crowns', {
    sourceId: law,
    excerpt: 'Defence: 4.2 billion crowns',
    stance: 'supports',
  });
  b.log({
    correctionId: 'x',
    decision: 'accepted',
    original: 'hostile or hostile',
    proposed: 'hostile',
    category: 'mistranslation',
  });
  return b;
}

/** The publishable check, read. */
export function publishableCheck() {
  return readCheck(publishableBuilder().doc);
}
