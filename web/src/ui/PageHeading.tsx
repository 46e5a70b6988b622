import { useEffect, useRef, type ReactNode } from 'react';

/** The page a document load opens keeps the browser's own start (the skip link comes first). */
let firstPage = true;

/**
 * The page's h1. It takes focus when the app navigates to its page, so screen-reader and
 * keyboard users start at the new page's title, and it sets the document title.
 */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Huishoudview`;
    if (firstPage) firstPage = false;
    else ref.current?.focus();
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1} className="utrecht-heading-1 app-page-heading">
      {children}
    </h1>
  );
}
