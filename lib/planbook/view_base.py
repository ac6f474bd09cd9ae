"""One base for the notebook views (indicator browser, review browser, comparison, scenario panel).

A view declares its filters as data (``FilterSpec``: attribute name, Chinese label, kind, options,
which filters it depends on, how it is named in an export); ``FilteredView`` builds the widgets,
wires the observers (a change refreshes the options of the filters that depend on it, keeping a
choice that is still offered, then redraws once), lays the panel out (controls first, then the key
result, then the details) and gives every view the same 导出Excel button whose message is a
download link. A view itself only says what its rows are (``update``) and what it exports
(``export_table``, ``export_meta``).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from planbook.widgets import export_from_view

ALL = "全部"   # the “all” entry of every dropdown

WIDE = "420px"


@dataclass(frozen=True)
class FilterSpec:
    """One control of a view, as data.

    ``kind``: dropdown, multi (several choices), text or checkbox. ``options(view)`` gives the
    choices (plain values or (label, value) pairs); ``value`` the first choice (a callable
    ``(view, options) -> value`` when it depends on the data). ``depends_on`` names the filters
    whose change recomputes this one's options; ``choose(view, options, previous)`` picks the value
    after such a refresh (default: the previous value when still offered, else 全部 or the first
    value; for several choices, those still offered that were not taken out, and the new ones).
    ``export_label`` names the choice in an export's filter list ("" leaves it out); a checkbox is
    exported as ``checked_text`` / ``unchecked_text``. ``on_change`` names a view method that
    handles a change itself (instead of refreshing the dependents and redrawing)."""

    name: str
    label: str
    kind: str = "dropdown"
    options: Callable[[Any], list] | None = None
    value: Any = ALL
    depends_on: tuple[str, ...] = ()
    choose: Callable[[Any, list, Any], Any] | None = None
    export_label: str | None = None
    checked_text: str = ""
    unchecked_text: str = ""
    placeholder: str = ""
    width: str | None = None
    rows: int = 6
    on_change: str | None = None

    @property
    def exported_as(self) -> str:
        return self.label if self.export_label is None else self.export_label


def option_values(options: list) -> list:
    """The values of dropdown options given as values or (label, value) pairs."""
    return [o[1] if isinstance(o, tuple) else o for o in options]


def option_label(options: list, value) -> str:
    """The label a dropdown shows for ``value``."""
    for o in options:
        if isinstance(o, tuple) and o[1] == value:
            return str(o[0])
    return "" if value is None else str(value)


def default_choice(options: list, previous) -> Any:
    values = option_values(options)
    if previous in values:
        return previous
    return ALL if ALL in values else (values[0] if values else None)


def make_widget(spec: FilterSpec, view):
    """The ipywidget of one filter (its first options and value from the view's data)."""
    import ipywidgets as W

    layout = W.Layout(width=spec.width) if spec.width else W.Layout()
    if spec.kind == "text":
        return W.Text(value=spec.value or "", description=spec.label, placeholder=spec.placeholder, layout=layout)
    if spec.kind == "checkbox":
        return W.Checkbox(value=bool(spec.value), description=spec.label, indent=False,
                          layout=W.Layout(width=spec.width or "auto"))
    # a filter depending on others gets its options once they all exist (FilteredView.build_filters)
    options = spec.options(view) if spec.options and not spec.depends_on else []
    value = spec.value(view, options) if callable(spec.value) else spec.value
    if spec.kind == "multi":
        values = option_values(options)
        chosen = tuple(v for v in (value or values) if v in values)
        return W.SelectMultiple(options=options, value=chosen, description=spec.label, rows=spec.rows,
                                layout=layout)
    return W.Dropdown(options=options, value=default_choice(options, value), description=spec.label,
                      layout=layout)


class FilteredView:
    """A panel of declared filters over one table; subclasses give ``update()`` (draw the result
    from the current choices and return it) and what ``export()`` writes."""

    export_kind = ""               # planbook.export.export_view's table kind

    def build(self, filters: list[FilterSpec], rows: list[tuple[str, ...]], results: list,
              css_class: str, details: list | None = None, export_button_style: str = "success") -> None:
        """Make the widgets (``self.<name>``), the observers and ``self.widget``: the control rows,
        the export button with its message, the key result, then the details."""
        import ipywidgets as W

        self.build_filters(filters)
        self.build_export(export_button_style)
        controls = [W.HBox([getattr(self, n) for n in row]) for row in rows]
        self.assemble(W.VBox(controls + [W.HBox([self.export_button, self.message])]), results, css_class,
                      details)

    def build_filters(self, filters: list[FilterSpec]) -> None:
        """The filter widgets (``self.<name>``) and their observers."""
        self._busy = False
        self.filters = list(filters)
        for spec in self.filters:
            setattr(self, spec.name, make_widget(spec, self))
        for spec in self.filters:
            if spec.depends_on:
                self.refresh_options(spec, first=True)
        for spec in self.filters:
            handler = getattr(self, spec.on_change) if spec.on_change else self._make_observer(spec.name)
            getattr(self, spec.name).observe(handler, names="value")

    def build_export(self, button_style: str = "success") -> None:
        """The 导出Excel button and the message under it (a download link after an export)."""
        import ipywidgets as W

        self.last_export: Path | None = None
        self.export_button = W.Button(description="导出Excel", icon="file-excel-o", button_style=button_style)
        self.message = W.HTML()
        self.export_button.on_click(lambda _b: self.export())

    def assemble(self, controls, results: list, css_class: str, details: list | None = None) -> None:
        """``self.widget``: the controls first, then the key result, then the details."""
        import ipywidgets as W

        self.controls = controls
        self.widget = W.VBox([controls, *results, *(details or [])])
        self.widget.add_class(css_class)

    # -- choices -------------------------------------------------------------------------------
    def chosen(self) -> dict[str, Any]:
        """Every filter's current value, by name."""
        return {spec.name: getattr(self, spec.name).value for spec in self.filters}

    def _make_observer(self, name: str):
        def observer(_change=None):
            self.changed(name)
        return observer

    def changed(self, name: str) -> None:
        """A filter moved: refresh the options of the filters that depend on it, then redraw once."""
        if self._busy:
            return
        with self.quietly():
            self.refresh_dependents(name)
        self.update()

    @contextmanager
    def quietly(self):
        """Set widget values without their observers reacting (the caller redraws once)."""
        was, self._busy = self._busy, True
        try:
            yield
        finally:
            self._busy = was

    def set_options(self, name: str, options: list, value) -> None:
        """New options and value for filter ``name``, quietly."""
        with self.quietly():
            widget = getattr(self, name)
            widget.options = options
            widget.value = value

    def refresh_dependents(self, name: str) -> None:
        """Recompute the options of every filter depending on ``name`` (and on those, in order)."""
        moved = {name}
        for spec in self.filters:
            if moved & set(spec.depends_on):
                self.refresh_options(spec)
                moved.add(spec.name)

    def refresh_options(self, spec: FilterSpec, first: bool = False) -> None:
        """New options for ``spec``'s widget; the value kept when still offered (``first``: the
        spec's initial value is the one to keep)."""
        widget = getattr(self, spec.name)
        options = spec.options(self)
        previous = widget.value
        if first:
            previous = spec.value(self, options) if callable(spec.value) else spec.value
        if spec.choose:
            value = spec.choose(self, options, previous)
        elif spec.kind == "multi":   # a choice the analyst took out stays out; a new one comes in
            before, values = set(option_values(widget.options)), option_values(options)
            value = tuple(v for v in values if v in set(previous) or v not in before) or tuple(values)
        else:
            value = default_choice(options, previous)
        self.set_options(spec.name, options, value)

    # -- export --------------------------------------------------------------------------------
    def filter_summary(self) -> dict[str, str]:
        """The chosen filters as the export names them (label: choice), “all” choices left out."""
        out = {}
        for spec in self.filters:
            if not spec.exported_as:
                continue
            widget = getattr(self, spec.name)
            value = widget.value
            if spec.kind == "checkbox":
                text = spec.checked_text if value else spec.unchecked_text
            elif spec.kind == "multi":
                text = "、".join(option_label(widget.options, v) for v in value)
            elif spec.kind == "text":
                text = (value or "").strip()
            else:
                text = option_label(widget.options, value)
            if text and text != ALL:
                out[spec.exported_as] = text
        return out

    def export_table(self) -> pd.DataFrame:
        raise NotImplementedError

    def export_meta(self) -> dict:
        return {"filters": self.filter_summary()}

    def export(self, path: Path | str | None = None) -> Path | None:
        """导出Excel: the table shown, through planbook.export.export_view; the message under the
        button is a download link (or says why nothing was written)."""
        out, self.message.value = export_from_view(self.export_table(), self.export_kind, path,
                                                   **self.export_meta())
        if out is not None:
            self.last_export = out
        return out

    def update(self):
        raise NotImplementedError

    def show(self) -> None:
        """Display the panel (the grid library first) and draw the first result. Returns nothing: a
        notebook cell ending in ``view.show()`` shows the panel only, not the rows again."""
        from IPython.display import display

        from planbook import grid

        grid.load()
        display(self.widget)
        self.update()
