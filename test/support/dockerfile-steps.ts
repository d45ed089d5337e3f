import { cpSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

/** One `COPY [--from=<stage>] <source>... <destination>` of a Dockerfile stage. */
export interface CopyStep {
  from?: string;
  sources: string[];
  /** Absolute in the image: resolved against the stage's WORKDIR. */
  destination: string;
  /** A destination written as a folder (`./`, `contracts/`), or several sources: files keep their names in it. */
  intoFolder: boolean;
}

export interface DockerStage {
  name?: string;
  image: string;
  workdir: string;
  copies: CopyStep[];
  runs: string[];
  env: Record<string, string>;
  user?: string;
  /** CMD and HEALTHCHECK CMD, in their exec (JSON) form. */
  cmd?: string[];
  healthcheck?: string[];
}

/**
 * The stages of a Dockerfile, as far as the image-steps test replays them: FROM, WORKDIR, COPY, RUN,
 * ENV, USER, CMD and HEALTHCHECK, with `\` continuations and comments. ARG values are substituted
 * where Docker substitutes them (FROM, ENV); an instruction it does not know fails, so that the
 * test cannot silently skip a step the image takes.
 */
export function parseDockerfile(text: string): DockerStage[] {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: DockerStage[] = [];
  const expand = (value: string) => value.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
  for (const line of logical) {
    const [, instruction = '', rest = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    const stage = stages[stages.length - 1];
    const inStage = (): DockerStage => {
      if (!stage) throw new Error(`${instruction} before FROM`);
      return stage;
    };
    switch (instruction.toUpperCase()) {
      case 'ARG': {
        const [name = '', value = ''] = rest.split('=');
        args[name] = value;
        break;
      }
      case 'FROM': {
        const [image = '', , name] = expand(rest).split(/\s+/);
        stages.push({ image, name, workdir: '/', copies: [], runs: [], env: {} });
        break;
      }
      case 'WORKDIR':
        inStage().workdir = posix.resolve(inStage().workdir, rest);
        break;
      case 'COPY': {
        const words = rest.split(/\s+/);
        const options = words.filter((w) => w.startsWith('--'));
        const paths = words.filter((w) => !w.startsWith('--'));
        const from = options.find((o) => o.startsWith('--from='))?.slice('--from='.length);
        if (options.some((o) => !o.startsWith('--from='))) throw new Error(`COPY option the test does not replay: ${line}`);
        const written = paths.pop() as string;
        const destination = posix.resolve(inStage().workdir, written);
        inStage().copies.push({
          from,
          sources: paths,
          destination,
          intoFolder: written.endsWith('/') || written === '.' || paths.length > 1,
        });
        break;
      }
      case 'RUN':
        inStage().runs.push(rest);
        break;
      case 'ENV':
        for (const [, name = '', value = ''] of rest.matchAll(/(\w+)=(\S+)/g)) inStage().env[name] = expand(value);
        break;
      case 'USER':
        inStage().user = rest;
        break;
      case 'CMD':
        inStage().cmd = JSON.parse(rest) as string[];
        break;
      case 'HEALTHCHECK':
        inStage().healthcheck = JSON.parse(rest.slice(rest.indexOf('CMD') + 'CMD'.length)) as string[];
        break;
      case 'EXPOSE':
      case 'STOPSIGNAL':
        break;
      default:
        throw new Error(`a Dockerfile instruction the image-steps test does not replay: ${line}`);
    }
  }
  return stages;
}

/**
 * Whether `.dockerignore` keeps `path` (relative to the context) out of the build context: its
 * patterns in order, the last that matches the path or one of its parent folders wins, `!` keeps.
 * Docker's rules (Go's filepath.Match, plus `**`), in the subset a short allowlist uses.
 */
export function ignoredBy(rules: string): (path: string) => boolean {
  const patterns = rules
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const keep = line.startsWith('!');
      const glob = posix.normalize(keep ? line.slice(1) : line).replace(/^\/+/, '');
      const source = glob
        .split('**')
        .map((part) =>
          part
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
        )
        .join('.*');
      return { keep, regex: new RegExp(`^${source}$`) };
    });
  return (path) => {
    const parts = path.split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const { keep, regex } of patterns) if (prefixes.some((p) => regex.test(p))) ignored = !keep;
    return ignored;
  };
}

/**
 * Replays a stage's COPY steps from the build context `context` into `root` (the image's `/` seen as
 * a folder), through the context's `.dockerignore`; a COPY --from takes from that stage's root.
 */
export function replayCopies(stage: DockerStage, context: string, root: string, stageRoots: Record<string, string> = {}): void {
  const ignored = ignoredBy(readFileSync(join(context, '.dockerignore'), 'utf8'));
  for (const copy of stage.copies) {
    for (const source of copy.sources) {
      const fromRoot = copy.from ? stageRoots[copy.from] : undefined;
      if (copy.from && !fromRoot) throw new Error(`COPY --from=${copy.from}: no such stage replayed`);
      const path = fromRoot ? join(fromRoot, source) : join(context, source);
      if (!fromRoot && ignored(source)) throw new Error(`COPY ${source}: left out of the build context by .dockerignore`);
      // A folder's contents go into the destination; a file keeps its name when the destination is a folder.
      const isFile = !statSync(path).isDirectory();
      const destination = join(root, isFile && copy.intoFolder ? posix.join(copy.destination, posix.basename(source)) : copy.destination);
      cpSync(path, destination, {
        recursive: true,
        filter: (from) => fromRoot !== undefined || !ignored(relative(context, from) || '.'),
      });
    }
  }
}
