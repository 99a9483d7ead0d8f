/** Serves each step's bundle (files, checks, template, previous step) as JSON for the in-page workspace. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { stepBundle } from '../../lib/content/step-bundle.ts';
import { stepIds } from '../../lib/content/step-yaml.ts';

export const getStaticPaths = (() =>
  stepIds().map((step) => ({ params: { step } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) =>
  new Response(JSON.stringify(stepBundle(String(params['step']))), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
