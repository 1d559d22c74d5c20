/** The words the app shows for each value of the model: kinds, claim statuses, correction categories, stances, roles. */
import type { ClaimBody, CorrectionBody, Role, STANCES } from '@factmark/collab';
import type { AnnotationKind } from '@factmark/editor';

/** A stable, short label for an annotation kind. */
export const KIND_LABELS: Record<AnnotationKind, string> = {
  claim: 'Claim',
  citation: 'Citation',
  correction: 'Correction',
  comment: 'Comment',
};

/** Claim workflow labels for people. */
export const STATUS_LABELS: Record<ClaimBody['status'], string> = {
  draft: 'Draft',
  in_review: 'In review',
  checked: 'Checked',
  published: 'Published',
};

/** Correction category labels for people. */
export const CATEGORY_LABELS: Record<CorrectionBody['category'], string> = {
  factual_error: 'Factual error',
  mistranslation: 'Mistranslation',
  typo: 'Typo',
  missing_context: 'Missing context',
  other: 'Other',
};

/** Stances as people read them. */
export const STANCE_LABELS: Record<(typeof STANCES)[number], string> = {
  supports: 'Supports the passage',
  refutes: 'Refutes the passage',
  context: 'Gives context',
};

/** Roles as a list or a picker names them. */
export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  editor: 'Editor',
  commenter: 'Commenter',
  viewer: 'Viewer',
};

/** Roles as a sentence says them ("you are now a viewer"). */
export const ROLE_IN_SENTENCE: Record<Role, string> = {
  owner: 'the owner',
  editor: 'an editor',
  commenter: 'a commenter',
  viewer: 'a viewer',
};

/** Roles as the document page's header explains them to the person who has one. */
export const ROLE_EXPLAINED: Record<Role, string> = {
  owner: 'Owner',
  editor: 'Editor',
  commenter: 'Commenter: you can annotate, not edit the text',
  viewer: 'Viewer: read only',
};

/** What a person is told when their role refuses a change they typed, pasted or cut in the article. */
export const REFUSED_EDIT: Record<'annotations' | 'none', string> = {
  annotations:
    'As a commenter you cannot change the article’s text. Select the words and suggest a correction or comment instead.',
  none: 'As a viewer you can read this document but not change it.',
};
