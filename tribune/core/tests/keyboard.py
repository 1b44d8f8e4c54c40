"""Walking a page with the keyboard alone, as browser tests do: Tab until a control has focus,
checking at every stop that the reader can see where the focus is."""

# A focused element shows an outline or a ring (box-shadow); the check reads what is drawn.
FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "nothing has focus";
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1;
  const ring = style.boxShadow && style.boxShadow !== "none";
  if (outline || ring) return "";
  // A radio or checkbox may draw its focus on the label that wraps it.
  const label = element.closest("label");
  if (label) {
    const wrapped = getComputedStyle(label);
    if ((wrapped.outlineStyle !== "none" && parseFloat(wrapped.outlineWidth) >= 1) ||
        (wrapped.boxShadow && wrapped.boxShadow !== "none")) return "";
  }
  return `no visible focus on ${element.outerHTML.slice(0, 120)}`;
}"""


def focus_matches(tab, selector: str) -> bool:
    return tab.evaluate("(selector) => !!document.activeElement && document.activeElement.matches(selector)",
                        selector)


def tab_to(tab, selector: str, *, limit: int = 120, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab) until the focused element matches `selector`; fail if a stop on the
    way shows no focus or the control is never reached."""
    for _ in range(limit):
        tab.keyboard.press("Shift+Tab" if backwards else "Tab")
        problem = tab.evaluate(FOCUS_SHOWN)
        assert not problem, problem
        if focus_matches(tab, selector):
            return
    raise AssertionError(f"{selector} never got the focus in {limit} presses of Tab")


def focus_is_on(tab, selector: str) -> None:
    assert focus_matches(tab, selector), tab.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    problem = tab.evaluate(FOCUS_SHOWN)
    assert not problem, problem
