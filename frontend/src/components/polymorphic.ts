import type { ComponentProps, ElementType } from 'react';

/**
 * Props of a component that renders as another element or component (`as`): its own props, then the
 * element's (a label's htmlFor, a router Link's to, a ref), so a style component never changes the markup.
 */
export type PolymorphicProps<E extends ElementType, Own = object> = Own & { as?: E; className?: string } & Omit<ComponentProps<E>, keyof Own | 'as' | 'className'>;

/** The class names that apply, space-separated; undefined when none does (no empty class attribute). */
export function classNames(...names: (string | false | null | undefined)[]): string | undefined {
  const joined = names.filter(Boolean).join(' ');
  return joined || undefined;
}
