import type { ButtonHTMLAttributes } from 'react';

type Appearance = 'primary-action' | 'secondary-action' | 'subtle';

/** An NL Design System button. */
export function Button({ appearance = 'primary-action', className, type = 'button', ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { appearance?: Appearance }) {
  return <button {...rest} type={type} className={['utrecht-button', `utrecht-button--${appearance}`, className].filter(Boolean).join(' ')} />;
}
