"""A learner working through a practice scenario: the simulation page observes this state."""
from __future__ import annotations

from traitlets import Bool, HasTraits, Int, Tuple, Unicode

from ..catalog import scenarios
from ..model.scenario import Scenario, ScenarioStep


class ScenarioState(HasTraits):
    """Which scenario, which step, what was chosen; choosing reveals the feedback of that step."""

    scenario_id = Unicode(help="id of the scenario being played")
    index = Int(0, help="0-based index of the current scenario step")
    choices = Tuple(help="chosen option index per step answered so far")
    revealed = Bool(False, help="True once the current step's choice is made and its feedback shown")
    finished = Bool(False, help="True after the last step, when the result is shown")

    def __init__(self, scenario_id: str | None = None, **kwargs):
        super().__init__(**kwargs)
        available = scenarios.scenarios()
        if scenario_id or available:
            self.select(scenario_id or available[0].id)

    # ------------------------------------------------------------------ derived values
    @property
    def scenario(self) -> Scenario:
        return scenarios.scenario(self.scenario_id)

    @property
    def step(self) -> ScenarioStep:
        return self.scenario.steps[self.index]

    @property
    def is_last(self) -> bool:
        return self.index == len(self.scenario.steps) - 1

    def score(self) -> int:
        steps = self.scenario.steps
        return sum(steps[i].options[c].score for i, c in enumerate(self.choices))

    def missed(self) -> tuple[int, ...]:
        """Indexes of the answered steps where the best option was not chosen."""
        steps = self.scenario.steps
        return tuple(i for i, c in enumerate(self.choices) if c != steps[i].best)

    # ------------------------------------------------------------------ actions
    def select(self, scenario_id: str) -> None:
        """Start ``scenario_id`` from its first step. KeyError for an unknown id."""
        scenarios.scenario(scenario_id)
        with self.hold_trait_notifications():
            self.scenario_id = scenario_id
            self.restart()

    def restart(self) -> None:
        with self.hold_trait_notifications():
            self.index = 0
            self.choices = ()
            self.revealed = False
            self.finished = False

    def choose(self, option: int) -> None:
        """Answer the current step (once); ValueError for an option that does not exist."""
        if self.revealed or self.finished:
            return
        if not isinstance(option, int) or not 0 <= option < len(self.step.options):
            raise ValueError(f"no option {option!r} in this step")
        with self.hold_trait_notifications():
            self.choices = self.choices + (option,)
            self.revealed = True

    def next(self) -> None:
        """After answering: the next step, or the result after the last one."""
        if not self.revealed:
            return
        with self.hold_trait_notifications():
            if self.is_last:
                self.finished = True
            else:
                self.index += 1
                self.revealed = False
