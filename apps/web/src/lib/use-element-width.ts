"use client";
import { useCallback, useEffect, useState } from "react";

/**
 * The content box of an element in CSS pixels, kept current as the layout changes; 0×0 until measured. The
 * ref is a callback, so an element rendered later (after a loading state) is measured too.
 */
export function useElementSize<T extends HTMLElement>() {
  const [element, setElement] = useState<T | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry!.contentRect.width);
      const height = Math.floor(entry!.contentRect.height);
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  const ref = useCallback((el: T | null) => setElement(el), []);
  return [ref, size, element] as const;
}

/** The content width of an element in CSS pixels, kept current as the layout changes; 0 until measured. */
export function useElementWidth<T extends HTMLElement>() {
  const [ref, size] = useElementSize<T>();
  return [ref, size.width] as const;
}
