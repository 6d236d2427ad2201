import { useEffect } from 'react'

/**
 * Printed lessons show every worked-example solution and the data table under every chart. Chromium prints a closed <details> as its
 * summary alone, whatever the CSS, so the solutions are opened just before printing and closed
 * again afterwards (app.css hides their "Show the solution" summaries on paper and, where the
 * browser supports ::details-content, shows the content of any that stay closed).
 */
export function useOpenSolutionsForPrint() {
  useEffect(() => {
    let opened: HTMLDetailsElement[] = []
    const before = () => {
      opened = [
        ...document.querySelectorAll<HTMLDetailsElement>(
          'details.solution:not([open]), details.chart-data:not([open])',
        ),
      ]
      for (const details of opened) details.open = true
    }
    const after = () => {
      for (const details of opened) details.open = false
      opened = []
    }
    window.addEventListener('beforeprint', before)
    window.addEventListener('afterprint', after)
    return () => {
      window.removeEventListener('beforeprint', before)
      window.removeEventListener('afterprint', after)
    }
  }, [])
}
