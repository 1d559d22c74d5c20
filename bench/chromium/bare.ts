// The baseline editor of the Chromium benchmark: y-prosemirror on the same document, without Factmark's
// annotation layer (index, anchors, focus, suggestions, access) and without the margin. Alone, it loads the
// article from /article.json; with `?ws=<url>` it is a bare Hocuspocus client of that server's document instead
// (the colleague figure: two such pages, one typing, one showing).

import { HocuspocusProvider } from '@hocuspocus/provider';
import { baseKeymap } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { ySyncPlugin } from 'y-prosemirror';
import * as Y from 'yjs';
// The document's layout and schema from their own files, not the packages' entry points: those bring the whole
// annotation layer with them (and zod with all its locales, 440 KB of the bundle), which a bare editor does not load.
import { writeArticle } from '../../packages/collab/src/layout.ts';
import { articleFromJSON } from '../../packages/editor/src/content.ts';
import { articleSchema } from '../../packages/editor/src/schema.ts';

const doc = new Y.Doc();
const ws = new URLSearchParams(location.search).get('ws');
if (ws) {
  const provider = new HocuspocusProvider({ url: ws, name: 'bench', document: doc });
  await new Promise<void>((resolve) => provider.on('synced', () => resolve()));
} else {
  const json = await (await fetch('/article.json')).json();
  writeArticle(doc, articleFromJSON(json));
}
const mount = document.querySelector('.editor') as HTMLElement;
const view = new EditorView(mount, {
  state: EditorState.create({
    schema: articleSchema,
    plugins: [ySyncPlugin(doc.getXmlFragment('article')), keymap(baseKeymap)],
  }),
});
(window as unknown as { __view: EditorView }).__view = view;
requestAnimationFrame(() => {
  (window as unknown as { __ready: number }).__ready = performance.now();
});
