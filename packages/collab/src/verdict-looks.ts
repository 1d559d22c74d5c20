/**
 * How a verdict looks wherever it is shown (the app's highlights and chips, the report's chart): its place on the
 * scale, its tone in five bands, the tone's symbol (told apart without colour) and colour, or the colour a desk gave
 * the label.
 */
import type { RatingScale } from './rating-scale.ts';

/** The verdict's place on the scale from 0 (worst) to 1 (best); null for labels outside best..worst (e.g. Unverifiable). */
export function verdictPosition(scale: RatingScale, label: string | null): number | null {
  const value = scale.labels.find((l) => l.label === label)?.value;
  if (value === undefined || scale.best === scale.worst) return null;
  const t = (value - scale.worst) / (scale.best - scale.worst);
  return t < 0 || t > 1 ? null : t;
}

/** A verdict's tone: five bands from the scale's best to its worst, and neutral (none, or outside the scale). */
export type VerdictTone = 'good' | 'mostly-good' | 'mixed' | 'mostly-bad' | 'bad' | 'neutral';

/** Each tone's symbol: told apart without colour, and read as how much of the claim holds. */
export const TONE_SYMBOLS: Record<VerdictTone, string> = {
  good: '✓',
  'mostly-good': '◕',
  mixed: '◑',
  'mostly-bad': '◔',
  bad: '✗',
  neutral: '?',
};

/** The verdict's tone: its place on the scale in five bands (a five-label scale gives each label its own). */
export function verdictTone(scale: RatingScale, label: string | null): VerdictTone {
  const t = verdictPosition(scale, label);
  if (t === null) return 'neutral';
  if (t >= 0.875) return 'good';
  if (t >= 0.625) return 'mostly-good';
  if (t > 0.375) return 'mixed';
  if (t > 0.125) return 'mostly-bad';
  return 'bad';
}

/** The colour a desk gave the verdict's label in the scale editor (undefined: its tone's colour). */
export function verdictColor(scale: RatingScale, label: string | null): string | undefined {
  return scale.labels.find((l) => l.label === label)?.color;
}

/** How a verdict is told apart without colour: a symbol next to its label (○ for no verdict yet). */
export function verdictSymbol(scale: RatingScale, label: string | null): string {
  return label === null ? '○' : TONE_SYMBOLS[verdictTone(scale, label)];
}

/** Each tone's colour (a label the desk gave a colour of its own shows that instead). */
export const TONE_COLORS: Record<VerdictTone, string> = {
  good: '#1e8e3e',
  'mostly-good': '#12858a',
  mixed: '#b07800',
  'mostly-bad': '#c9560d',
  bad: '#d93025',
  neutral: '#80868b',
};

/** A colour as `#rrggbb` (the schema's form), checked again before it goes into a style sheet. */
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** The colour of a label: the one the desk gave it, else its tone's. */
export function labelColor(scale: RatingScale, label: string): string {
  const own = verdictColor(scale, label);
  return own && HEX_COLOR.test(own) ? own : TONE_COLORS[verdictTone(scale, label)];
}
