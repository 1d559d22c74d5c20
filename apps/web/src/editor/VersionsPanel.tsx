/** The versions panel: take a named version, read one, compare one with now, restore one (as a new change everyone receives). */
import { API_LIMITS } from '@factmark/api';
import { articleFromJSON } from '@factmark/editor';
import { useCallback, useEffect, useState } from 'react';
import { api, describeError, type VersionMeta } from '../api.ts';
import type { DocumentSession } from '../session/document-session.ts';
import { formatTime } from './fields.tsx';

/** A version opened to read (its paragraphs' text), or compared with the current text (the words changed). */
type Viewing =
  | { version: VersionMeta; paragraphs: string[] }
  | { version: VersionMeta; changes: { op: 'added' | 'removed' | 'same'; text: string }[] };

/** Named versions of the document. */
export function VersionsPanel({ session }: { session: DocumentSession }) {
  const [versions, setVersions] = useState<VersionMeta[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<Viewing | null>(null);
  const canChange = session.canEditText();
  const id = session.documentId;
  const reload = useCallback(
    () => api.listVersions(id).then(setVersions, (e: unknown) => setError(describeError(e))),
    [id],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  const act = (p: Promise<unknown>) =>
    p.then(
      () => {
        setError(null);
        return reload();
      },
      (e: unknown) => setError(describeError(e)),
    );
  const view = (v: VersionMeta) =>
    api.openVersion(id, v.id).then(
      ({ version, article }) => {
        const paragraphs: string[] = [];
        articleFromJSON(article).forEach((block) => {
          paragraphs.push(block.textContent);
        });
        setViewing({ version, paragraphs });
      },
      (e: unknown) => setError(describeError(e)),
    );
  const compare = (v: VersionMeta) =>
    api.compareVersion(id, v.id).then(setViewing, (e: unknown) => setError(describeError(e)));
  return (
    <section className="panel versions-panel" aria-labelledby="versions-heading">
      <h3 id="versions-heading">Versions</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {canChange && <TakeVersionForm onTake={(name) => act(api.takeVersion(id, name))} />}
      {versions?.length === 0 && <p className="muted">No versions yet.</p>}
      <ul className="version-list">
        {versions?.map((v) => (
          <VersionItem
            key={v.id}
            version={v}
            onView={() => void view(v)}
            onCompare={() => void compare(v)}
            onRestore={canChange ? () => void act(api.restoreVersion(id, v.id)) : null}
          />
        ))}
      </ul>
      {viewing && <VersionView viewing={viewing} onClose={() => setViewing(null)} />}
    </section>
  );
}

/** The form that takes a version under a name. */
function TakeVersionForm({ onTake }: { onTake: (name: string) => Promise<unknown> }) {
  const [name, setName] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() === '') return;
        void onTake(name.trim()).then(() => setName(''));
      }}
    >
      <label className="field">
        <span className="field-label">Version name</span>
        <input
          value={name}
          maxLength={API_LIMITS.versionName}
          onChange={(e) => setName(e.target.value)}
          placeholder="Before the edit"
        />
      </label>
      <button type="submit" disabled={name.trim() === ''}>
        Take version
      </button>
    </form>
  );
}

/** One version: view it, and restore it after a confirmation (null: the role may not). */
function VersionItem(props: {
  version: VersionMeta;
  onView: () => void;
  onCompare: () => void;
  onRestore: (() => void) | null;
}) {
  const { version: v, onView, onCompare, onRestore } = props;
  const [confirming, setConfirming] = useState(false);
  return (
    <li data-version={v.id}>
      <strong>{v.name}</strong> <span className="muted">{formatTime(v.createdAt)}</span>
      <span className="actions">
        <button type="button" onClick={onView}>
          View
        </button>
        <button type="button" onClick={onCompare}>
          Compare with now
        </button>
        {onRestore &&
          (confirming ? (
            <>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setConfirming(false);
                  onRestore();
                }}
              >
                Restore now
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirming(true)}>
              Restore…
            </button>
          ))}
      </span>
    </li>
  );
}

/** A version's text, read-only; or its comparison with the current text (removed words struck, added underlined). */
function VersionView({ viewing, onClose }: { viewing: Viewing; onClose: () => void }) {
  const comparing = 'changes' in viewing;
  return (
    <article
      className="version-view"
      aria-label={comparing ? `Changes since ${viewing.version.name}` : `Version ${viewing.version.name}`}
    >
      <header>
        <strong>{comparing ? `Changes since “${viewing.version.name}”` : viewing.version.name}</strong>{' '}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {comparing ? (
        <p className="version-compare">
          {viewing.changes.map((c, i) =>
            c.op === 'added' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only rendering of a fixed list
              <ins key={i}>{c.text}</ins>
            ) : c.op === 'removed' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only rendering of a fixed list
              <del key={i}>{c.text}</del>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only rendering of a fixed list
              <span key={i}>{c.text}</span>
            ),
          )}
        </p>
      ) : (
        viewing.paragraphs.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a read-only rendering of fixed paragraphs
          <p key={i}>{p}</p>
        ))
      )}
    </article>
  );
}
