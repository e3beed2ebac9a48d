"""The method walkthrough: which method, variant, question set and step are shown."""
from __future__ import annotations

from traitlets import HasTraits, Int, Unicode, observe, validate

from .. import catalog
from ..model import Method, Step, Variant
from ..model.preparation import Checklist


class WalkthroughState(HasTraits):
    """The method being walked through and the current step."""

    method_id = Unicode(help="id of the chosen method")
    variant_id = Unicode(help="id of the chosen variant (in person / online)")
    question_set_id = Unicode(help="id of the chosen question set, for methods that have them")
    step_index = Int(0, help="0-based index of the current step")

    def __init__(self, method_id: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.select(method_id or catalog.methods()[0].id)

    # ------------------------------------------------------------------ derived values
    @property
    def method(self) -> Method:
        return catalog.method(self.method_id)

    @property
    def variant(self) -> Variant:
        return self.method.variant(self.variant_id)

    @property
    def checklist(self) -> Checklist:
        """What to arrange beforehand for the method in the chosen variant."""
        return catalog.checklist(self.method_id, self.variant_id)

    @property
    def step(self) -> Step:
        return self.method.steps[self.step_index]

    @property
    def n_steps(self) -> int:
        return len(self.method.steps)

    @property
    def is_first(self) -> bool:
        return self.step_index == 0

    @property
    def is_last(self) -> bool:
        return self.step_index == self.n_steps - 1

    @property
    def question_set(self):
        for qs in self.method.question_sets:
            if qs.id == self.question_set_id:
                return qs
        return None

    # ------------------------------------------------------------------ actions
    def select(self, key: str) -> None:
        """Choose a method by id or alias; starts at its first step. Raises UnknownMethod."""
        m = catalog.method(key)
        with self.hold_trait_notifications():
            self.method_id = m.id
            self.variant_id = m.default_variant.id
            self.question_set_id = m.question_sets[0].id if m.question_sets else ""
            self.step_index = 0

    def next(self) -> None:
        if not self.is_last:
            self.step_index += 1

    def previous(self) -> None:
        if not self.is_first:
            self.step_index -= 1

    def go(self, index: int) -> None:
        self.step_index = index

    @validate("step_index")
    def _valid_index(self, proposal):
        value = proposal["value"]
        if self.method_id:
            return max(0, min(value, len(catalog.method(self.method_id).steps) - 1))
        return max(0, value)

    @observe("method_id")
    def _method_changed(self, change):
        # Selecting through the trait directly (e.g. a linked dropdown) resets like select().
        m = catalog.method(change["new"])
        if self.variant_id not in {v.id for v in m.variants}:
            self.variant_id = m.default_variant.id
        if self.question_set_id not in {q.id for q in m.question_sets}:
            self.question_set_id = m.question_sets[0].id if m.question_sets else ""
        self.step_index = 0
