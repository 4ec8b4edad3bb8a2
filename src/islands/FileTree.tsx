// The build context as a file tree: open, add, rename and delete files, and add a .dockerignore.
// Plain nested lists of buttons (no ARIA tree widget), so every action is a Tab stop with a name.

import { useId, useState, type FormEvent } from 'react';
import { usePlayground } from './playground-context.ts';
import { DOCKERFILE_PATH, checkNewPath } from './playground-state.ts';

interface Folder {
  readonly name: string;
  readonly path: string;
  readonly folders: Map<string, Folder>;
  readonly files: string[];
}

function buildTree(paths: readonly string[]): Folder {
  const root: Folder = { name: '', path: '', folders: new Map(), files: [] };
  for (const path of [...paths].sort()) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      const next = folder.folders.get(part) ?? { name: part, path: folder.path === '' ? part : `${folder.path}/${part}`, folders: new Map(), files: [] };
      folder.folders.set(part, next);
      folder = next;
    }
    folder.files.push(path);
  }
  return root;
}

function FileRow({ path }: { path: string }) {
  const { state, dispatch } = usePlayground();
  const [renaming, setRenaming] = useState(false);
  const [value, setValue] = useState(path);
  const [error, setError] = useState('');
  const id = useId();
  const name = path.split('/').pop() ?? path;
  const active = state.activePath === path;
  const fixed = path === DOCKERFILE_PATH;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const check = checkNewPath(state.scenario, value, path);
    if (!check.ok) {
      setError(check.message);
      return;
    }
    dispatch({ type: 'file.rename', from: path, to: check.path });
    setRenaming(false);
    setError('');
  };

  if (renaming) {
    return (
      <li className="sc-file">
        <form onSubmit={submit} className="sc-rename">
          <label htmlFor={`${id}-rename`} className="sc-visually-hidden">
            New path for {path}
          </label>
          <input id={`${id}-rename`} value={value} onChange={(e) => setValue(e.target.value)} autoFocus spellCheck={false} aria-invalid={error !== ''} aria-describedby={error ? `${id}-err` : undefined} />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setRenaming(false)}>
            Cancel
          </button>
          {error ? (
            <span id={`${id}-err`} className="sc-error">
              {error}
            </span>
          ) : null}
        </form>
      </li>
    );
  }
  return (
    <li className={`sc-file${active ? ' sc-file-active' : ''}`}>
      <button type="button" className="sc-file-open" title={path} aria-current={active ? 'true' : undefined} onClick={() => dispatch({ type: 'file.open', path })}>
        {name}
      </button>
      {fixed ? null : (
        <span className="sc-file-actions">
          <button
            type="button"
            aria-label={`Rename ${path}`}
            onClick={() => {
              setValue(path);
              setRenaming(true);
            }}
          >
            ✎
          </button>
          <button type="button" aria-label={`Delete ${path}`} onClick={() => dispatch({ type: 'file.delete', path })}>
            ✕
          </button>
        </span>
      )}
    </li>
  );
}

// Folders with a single subfolder and no files show as one row (`src/main/java/`), as editors do.
function compact(folder: Folder): { name: string; folder: Folder } {
  let name = folder.name;
  let current = folder;
  while (current.files.length === 0 && current.folders.size === 1) {
    const only = [...current.folders.values()][0];
    if (!only) break;
    name = `${name}/${only.name}`;
    current = only;
  }
  return { name, folder: current };
}

function FolderItems({ folder }: { folder: Folder }) {
  return (
    <>
      {[...folder.folders.values()].map((f) => {
        const c = compact(f);
        return (
          <li key={f.path} className="sc-folder">
            <span className="sc-folder-name" title={`${c.folder.path}/`}>
              {c.name}/
            </span>
            <ul>
              <FolderItems folder={c.folder} />
            </ul>
          </li>
        );
      })}
      {folder.files.map((p) => (
        <FileRow key={p} path={p} />
      ))}
    </>
  );
}

export function FileTree() {
  const { state, dispatch } = usePlayground();
  const [newPath, setNewPath] = useState('');
  const id = useId();
  const paths = Object.keys(state.scenario.files);
  const tree = buildTree(paths);
  const hasIgnore = state.scenario.files['.dockerignore'] !== undefined;

  const add = (e: FormEvent): void => {
    e.preventDefault();
    if (newPath.trim() === '') return;
    dispatch({ type: 'file.add', path: newPath });
    setNewPath('');
  };

  return (
    <nav className="sc-files" aria-label="Build context" data-testid="file-tree">
      <h3 className="sc-pane-title">Build context</h3>
      <ul className="sc-tree">
        <FileRow path={DOCKERFILE_PATH} />
        <FolderItems folder={tree} />
      </ul>
      <form onSubmit={add} className="sc-add-file">
        <label htmlFor={`${id}-new`}>New file</label>
        <div className="sc-add-row">
          <input id={`${id}-new`} value={newPath} onChange={(e) => setNewPath(e.target.value)} placeholder="src/app.txt" spellCheck={false} />
          <button type="submit">Add</button>
        </div>
      </form>
      {hasIgnore ? null : (
        <button type="button" className="sc-link-button" onClick={() => dispatch({ type: 'file.add', path: '.dockerignore', text: '# Paths the build context leaves out, one pattern a line\n' })}>
          Add .dockerignore
        </button>
      )}
    </nav>
  );
}
