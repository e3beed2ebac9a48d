"""Write the app's thin notebooks (a title cell and two lines of code). Run after adding a page."""
from pathlib import Path

import nbformat

PAGES = {
    "home.ipynb": ("Intervisiekit", "Startpagina van de kit. / Home page of the kit.", "home()"),
    "methoden.ipynb": ("Methoden stap voor stap", "Kies een methode en loop de stappen door. / Walk through a method.", "methods()"),
    "methodekiezer.ipynb": ("Welke methode past?", "Een methode kiezen bij de vraag. / Choose a method.", "selector()"),
    "vragen.ipynb": ("Vragen stellen oefenen", "Oefen goede intervisievragen. / Practise asking questions.", "exercises()"),
    "sessie.ipynb": ("Bijeenkomst leiden", "Timer en stappen op de beamer. / Run a meeting on the projector.", "session()"),
    "simulatie.ipynb": ("Oefen een intervisie", "Een intervisie oefenen met een casus. / Rehearse an intervisie meeting.", "simulation()"),
    "groep.ipynb": ("Een intervisiegroep opzetten", "Samenstelling, doel en contract. / Set up a group.", "group()"),
    "traject.ipynb": ("Trajectplanning", "De bijeenkomsten van een groep plannen. / Plan a trajectory.", "trajectory()"),
    "evaluatie.ipynb": ("Evaluatie van de bijeenkomst", "Evalueer de bijeenkomst vanuit je rol. / Evaluate the meeting.", "evaluation()"),
    "reflectie.ipynb": ("Mijn reflectieverslag (privé)", "Privé en versleuteld. / Private and encrypted.", "reflection()"),
    "dashboard.ipynb": ("Dashboard evaluaties", "Evaluaties over het traject. / Evaluations over the trajectory.", "dashboard()"),
}


def write(folder: Path, name: str, title: str, intro: str, call: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\n{intro}"),
        nbformat.v4.new_code_cell(f"from intervisie_widgets import app\napp.{call}"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    nbformat.write(nb, folder / name)


if __name__ == "__main__":
    folder = Path(__file__).resolve().parents[1] / "notebooks"
    for name, (title, intro, call) in PAGES.items():
        if not (folder / name).exists():
            write(folder, name, title, intro, call)
            print("wrote", name)
