/** Serves each exercise's public bundle: `/exercises/<id>.json` (current) and `/exercises/<id>@<pin>.json` (every kept version). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { allSnapshots } from '../../lib/exercises/exercise.ts';

export const getStaticPaths = (() => {
  const snapshots = allSnapshots();
  const seen = new Set<string>();
  return snapshots.flatMap((snapshot) => {
    const paths = [
      { params: { file: `${snapshot.id}@${snapshot.pin}` }, props: { bundle: snapshot.bundle } },
    ];
    // The first snapshot of an id is its current version.
    if (!seen.has(snapshot.id)) {
      seen.add(snapshot.id);
      paths.push({ params: { file: snapshot.id }, props: { bundle: snapshot.bundle } });
    }
    return paths;
  });
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(JSON.stringify((props as { bundle: unknown }).bundle), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
