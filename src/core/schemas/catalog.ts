import { z } from 'zod';

/** Ids of outcomes, scenarios, agents: lowercase words joined by `-`, `_` or `.`. */
export const Id = z
  .string()
  .regex(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/, 'ids are lowercase letters and digits joined by "-", "_" or "."')
  .describe('Stable identifier: lowercase letters and digits joined by "-", "_" or "."');

/** One statement about the world that a model can prefer or not. */
export const Outcome = z
  .strictObject({
    id: Id.describe('Stable id of the outcome, unique in the catalog'),
    text: z
      .string()
      .min(1)
      .max(500)
      .refine((text) => !/[\r\n]/.test(text), 'outcome text must be one line')
      .describe('A concrete, self-contained sentence describing a state of the world'),
    category: z.string().min(1).describe('Broad category, e.g. money, animals, ai-autonomy'),
    tags: z.array(z.string().min(1)).default([]).describe('Short lowercase words that scenario slots can filter on'),
  })
  .describe('An outcome: a statement about the world with a stable id');
export type Outcome = z.infer<typeof Outcome>;

/** A set of outcomes, stored as YAML under scenarios/outcomes/. */
export const Catalog = z
  .strictObject({
    name: z.string().min(1).describe('Name of the catalog'),
    description: z.string().optional().describe('What the catalog covers'),
    outcomes: z.array(Outcome).min(2, 'a catalog needs at least 2 outcomes').describe('The outcomes'),
  })
  .describe('A saydo outcome catalog');
export type Catalog = z.infer<typeof Catalog>;
