import { z } from 'zod';

/** An outcome as it fills a slot: id and text. */
export const SlotFill = z.object({ id: z.string(), text: z.string() });
export type SlotFill = z.infer<typeof SlotFill>;

/** A scenario with its slots filled, its surface mapping fixed and its condition chosen. */
export const Instance = z.object({
  scenario: z.string().describe('Scenario id'),
  fill: z.record(z.string(), SlotFill).describe('Outcome of each slot'),
  surfaces: z.record(z.string(), z.record(z.string(), z.string())).describe('Surface name of each slot, per group, after counterbalancing'),
  condition: z.string(),
  favoured: z.string().nullable().describe('Slot the condition favours, resolved for this agent; null when none'),
});
export type Instance = z.infer<typeof Instance>;
