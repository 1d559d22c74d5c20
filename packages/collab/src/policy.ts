/**
 * The role policy: what each role may do to a document and its annotations.
 * The one place that answers "may this person do this?": the update gate, the
 * server's routes and the web app all ask {@link may}. docs/roles.md shows
 * {@link POLICY} as a table (a test keeps the two equal).
 */

/** What someone may do with a document. */
export type Role = 'owner' | 'editor' | 'commenter' | 'viewer';

/** Roles from most to least powerful. */
export const ROLES: readonly Role[] = ['owner', 'editor', 'commenter', 'viewer'];

/** What a personal access token may do: read; annotate; edit; admin — each the most of one role. */
export const ACCESS_SCOPES = ['read', 'annotate', 'edit', 'admin'] as const;
/** A personal access token's scope. */
export type AccessScope = (typeof ACCESS_SCOPES)[number];

/** The most a scope allows, as a role: read a viewer's, annotate a commenter's, edit an editor's, admin an owner's. */
const SCOPE_ROLE: Record<AccessScope, Role> = { read: 'viewer', annotate: 'commenter', edit: 'editor', admin: 'owner' };

/**
 * The role a token with `scopes` acts with where its person has `role`: the lesser of the role and the most the
 * scopes allow (a token never does more than its person may, nor more than it was given).
 */
export function roleWithScopes(role: Role, scopes: readonly AccessScope[]): Role | null {
  const most = ROLES.find((r) => scopes.some((s) => SCOPE_ROLE[s] === r));
  if (!most) return null;
  return ROLES[Math.max(ROLES.indexOf(role), ROLES.indexOf(most))] as Role;
}

/** True when `scopes` include `scope` or a wider one (edit includes annotate and read). */
export function hasScope(scopes: readonly AccessScope[], scope: AccessScope): boolean {
  return scopes.some((s) => ACCESS_SCOPES.indexOf(s) >= ACCESS_SCOPES.indexOf(scope));
}

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Something a person does to a document, as the policy names it. */
export type Action =
  /** Read the document, see who is present. */
  | 'read'
  /** Create a claim, citation, comment or correction proposal; reply; resolve or reopen any thread. */
  | 'annotate'
  /** Change or remove an annotation, a message or a source. */
  | 'change'
  /** Set a claim's verdict, rationale, status or assignee. */
  | 'judge'
  /** Edit the article's text, structure and formatting. */
  | 'editArticle'
  /** Accept or reject a proposed correction. */
  | 'decideCorrection'
  /** Change the rating scale. */
  | 'changeScale'
  /** Edit the publication details: the article's URL, publisher, authors, date, language; the fact-check's URL and organisation. */
  | 'describe'
  /** Turn the second-reviewer rule on or off. */
  | 'setReviewRule'
  /** Take or restore versions. */
  | 'manageVersions'
  /** Revise the article from a new text. */
  | 'revise'
  /** Import annotations from another tool. */
  | 'import'
  /** Share the document, change members' roles. */
  | 'share'
  /** Register webhooks: tell other systems (a CMS, a tipline) what the desk decides in the document. */
  | 'integrate'
  /** Rename the document. */
  | 'rename'
  /** Delete the document. */
  | 'delete';

/** How far a role may take an action: always, only on what the person created, or never. */
export type Grant = 'yes' | 'own' | 'no';

/** The policy: for each action, each role's grant. */
export const POLICY: Readonly<Record<Action, Readonly<Record<Role, Grant>>>> = {
  read: { viewer: 'yes', commenter: 'yes', editor: 'yes', owner: 'yes' },
  annotate: { viewer: 'no', commenter: 'yes', editor: 'yes', owner: 'yes' },
  change: { viewer: 'no', commenter: 'own', editor: 'yes', owner: 'yes' },
  judge: { viewer: 'no', commenter: 'own', editor: 'yes', owner: 'yes' },
  editArticle: { viewer: 'no', commenter: 'no', editor: 'yes', owner: 'yes' },
  decideCorrection: { viewer: 'no', commenter: 'no', editor: 'yes', owner: 'yes' },
  changeScale: { viewer: 'no', commenter: 'no', editor: 'yes', owner: 'yes' },
  describe: { viewer: 'no', commenter: 'no', editor: 'yes', owner: 'yes' },
  setReviewRule: { viewer: 'no', commenter: 'no', editor: 'no', owner: 'yes' },
  manageVersions: { viewer: 'no', commenter: 'no', editor: 'yes', owner: 'yes' },
  revise: { viewer: 'no', commenter: 'no', editor: 'yes', owner: 'yes' },
  import: { viewer: 'no', commenter: 'no', editor: 'yes', owner: 'yes' },
  share: { viewer: 'no', commenter: 'no', editor: 'no', owner: 'yes' },
  integrate: { viewer: 'no', commenter: 'no', editor: 'no', owner: 'yes' },
  rename: { viewer: 'no', commenter: 'no', editor: 'no', owner: 'yes' },
  delete: { viewer: 'no', commenter: 'no', editor: 'no', owner: 'yes' },
};

/**
 * May someone with `role` do `action`? Pass `own` for actions on a thing:
 * true when the person created it. Without `own`, an 'own' grant counts as
 * allowed ("may they do it to anything of theirs?"), which is what a UI asks
 * before offering the action at all. No role (not a member) may do nothing.
 */
export function may(role: Role | null | undefined, action: Action, own?: boolean): boolean {
  if (!role) return false;
  const grant = POLICY[action][role];
  return grant === 'yes' || (grant === 'own' && own !== false);
}

/** The roles that may do `action` (to anything, not only their own): what a route requires. */
export function rolesFor(action: Action): Role[] {
  return ROLES.filter((role) => POLICY[action][role] === 'yes');
}

/** The roles that may do `action` at least to their own things. */
export function rolesForOwn(action: Action): Role[] {
  return ROLES.filter((role) => POLICY[action][role] !== 'no');
}

/** What a person may do in the article editor: everything, annotation marks only, or nothing. */
export function editAccessFor(role: Role | null | undefined): 'full' | 'annotations' | 'none' {
  if (may(role, 'editArticle')) return 'full';
  if (may(role, 'annotate')) return 'annotations';
  return 'none';
}
