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

/**
 * A component that is one element with one style class: `styled('section', styles.card, 'Card')` renders a <section>
 * with the card's class (plus any the caller adds), or, given `as`, that element or component instead.
 */
export function styled<D extends ElementType>(defaultTag: D, styleClass: string, displayName: string) {
  function Styled<E extends ElementType = D>({ as, className, ...rest }: PolymorphicProps<E>) {
    const Tag: ElementType = as ?? defaultTag;
    return <Tag {...rest} className={classNames(styleClass, className)} />;
  }
  Styled.displayName = displayName;
  return Styled;
}
