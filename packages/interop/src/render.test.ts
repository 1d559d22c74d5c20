import { articleFromText } from '@factmark/editor';
import { describe, expect, it } from 'vitest';
import { articleMarkdown } from './render.ts';

describe('articleMarkdown', () => {
  it('starts with the title as a level-1 heading, and leaves an empty title out instead of an empty "# "', () => {
    expect(articleMarkdown(articleFromText('Drills begin\n\nMore than 50,000 soldiers.'))).toBe(
      '# Drills begin\n\nMore than 50,000 soldiers.\n',
    );
    expect(articleMarkdown(articleFromText('More than 50,000 soldiers.'))).toBe('More than 50,000 soldiers.\n');
  });
});
