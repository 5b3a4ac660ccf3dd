"""Each export re-opens and carries the numbers of the result page."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from copkit.questionnaires.forms import AnswerValue
from tests.toolbox.test_views import answer, url
from toolbox import exports, selectors, services

pytestmark = pytest.mark.django_db


def workbook(client, instance):
    response = client.get(url("export_xlsx", instance))
    assert response.status_code == 200
    assert f'filename="{instance.tool}-' in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def pdf_text(client, instance) -> str:
    response = client.get(url("export_pdf", instance))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_competencies_exports(client, world, make_instance):
    instance = make_instance("competencies", title="Bilan 2025")
    answer(instance, [AnswerValue("domain-knowledge", choice_key="strength"),
                      AnswerValue("networking", choice_key="adequate"),
                      AnswerValue("trust", choice_key="develop"),
                      AnswerValue("trust", column="comment", text="=1+1 à travailler")])
    client.force_login(world.advisor)
    wb = workbook(client, instance)
    # Sheets are found by position: their names are interface strings (translated).
    scores = rows(wb.worksheets[0])
    assert scores[1][:2] == ["Crédibilité dans le domaine", 75]
    assert ["Qualités personnelles", 0] in [r[:2] for r in scores]
    assert wb.worksheets[0]._charts, "a native chart"
    develop = rows(wb.worksheets[1])
    assert develop[1][0].startswith("Je crée un climat de confiance")
    answers = rows(wb.worksheets[2])
    trust = next(r for r in answers if r[1] and r[1].startswith("Je crée un climat"))
    assert trust[2] == "À développer" and trust[3] == "=1+1 à travailler"  # text, not formula
    about = [r[1] for r in rows(wb.worksheets[3])]
    assert "Juristes marchés" in about and "Claire Dubois" in about and "Bilan 2025" in about
    text = pdf_text(client, instance)
    assert "Juristes marchés" in text and "Bilan 2025" in text and "Claire Dubois" in text
    assert "Crédibilité dans le domaine" in text and "75" in text
    assert "Rappelez la confidentialité" in text  # the development tip


def test_facilitation_exports(client, world, make_instance):
    instance = make_instance("facilitation", title="Rencontre de mars",
                             meeting_date=date(2025, 3, 18))
    answer(instance, [AnswerValue("prep-objective", choice_key="yes"),
                      AnswerValue("prep-agenda-sent", choice_key="partly"),
                      AnswerValue("close-actions", choice_key="no")])
    link = services.guest_link_create(instance=instance, name="Marc", created_by=world.coordinator)
    answer(instance, [AnswerValue("prep-objective", choice_key="partly")], response=link.response)
    client.force_login(world.coordinator)
    scores = rows(workbook(client, instance).worksheets[0])
    assert scores[0][2:4] == ["Claire Dubois (Animation)", "Marc (Observation)"]
    assert scores[1] == ["Préparation", 62.5, 75, 50]  # (75 + 50) / 2
    assert scores[4][:3] == ["Clôture", 0, 0]
    text = pdf_text(client, instance)
    assert "Rencontre de mars" in text and "18 mars 2025" in text and "62" in text


def test_it_tools_exports(client, world, make_instance):
    instance = make_instance("it-tools", title="Plateforme")
    answer(instance, [AnswerValue("scores", row="0", column="tool", text="Wiki"),
                      AnswerValue("scores", row="0", column="sharing", number=3.0),
                      AnswerValue("scores", row="0", column="cost", number=0.0),
                      AnswerValue("scores", row="1", column="tool", text="Forum"),
                      AnswerValue("scores", row="1", column="sharing", number=2.0),
                      AnswerValue("scores", row="1", column="cost", number=3.0),
                      AnswerValue("recommendation", text="Le forum, avec un wiki plus tard.")],
           submit=False)
    client.force_login(world.coordinator)
    wb = workbook(client, instance)
    ranking = rows(wb.worksheets[0])
    assert ranking[1][:3] == ["Forum", 83.3, 1]  # (2/3 + 3/3) / 2, equal weights
    assert ranking[2][:3] == ["Wiki", 50, 2]
    criteria = {r[0]: r[1] for r in rows(wb.worksheets[1])[1:]}
    assert criteria["Partage de documents"] == 2 and criteria["Autre critère 1"] == 0
    text = pdf_text(client, instance)
    assert "Forum" in text and "83" in text and "Le forum, avec un wiki plus tard." in text


def test_kickoff_exports(client, world, make_instance):
    instance = make_instance("kickoff", title="Lancement")
    client.force_login(world.coordinator)
    sheet = rows(workbook(client, instance).worksheets[0])
    assert sheet[1][:4] == ["Accueil et mot du sponsor", 10, "09:30", "09:40"]
    total, planned, overrun = sheet[-3:]
    assert total[1:4] == [145, "09:30", "11:55"]
    assert planned[1] == 150 and overrun[1] == 0
    text = pdf_text(client, instance)
    assert "Lancement" in text and "145" in text and "Présentations" in text


def test_pdf_builder_returns_bytes_without_a_request(world, make_instance):
    instance = make_instance("kickoff")
    assert exports.pdf(selectors.instance_data_get(instance)).startswith(b"%PDF")


def test_it_tools_xlsx_keeps_blank_scores_in_their_column_and_custom_names(client, world,
                                                                           make_instance):
    instance = make_instance("it-tools", title="Plateforme")
    answer(instance, [AnswerValue("scores", row="0", column="tool", text="Wiki"),
                      AnswerValue("scores", row="0", column="sharing", number=3.0),
                      # "discussion" left blank: the coordinator does not know.
                      AnswerValue("scores", row="0", column="cost", number=1.0),
                      AnswerValue("scores", row="0", column="other-1", number=2.0),
                      AnswerValue("scores", row="1", column="tool", text="Forum"),
                      AnswerValue("scores", row="1", column="discussion", number=3.0),
                      AnswerValue("scores", row="1", column="other-1", number=0.0),
                      *[AnswerValue("weights", row=k, column="weight", number=2.0)
                        for k in ("sharing", "discussion", "cost")],
                      AnswerValue("weights", row="other-1", column="weight", number=4.0),
                      AnswerValue("other-1-name", text="Hébergement au SPF")],
           submit=False)
    client.force_login(world.coordinator)
    wb = workbook(client, instance)
    ranking = rows(wb.worksheets[0])
    header = ranking[0]
    # The coordinator's own name heads the column, never "Autre critère 1".
    assert "Hébergement au SPF" in header and "Autre critère 1" not in header
    by_tool = {r[0]: dict(zip(header, r, strict=True)) for r in ranking[1:]}
    wiki, forum = by_tool["Wiki"], by_tool["Forum"]
    assert wiki["Partage de documents"] == 3 and wiki["Discussion"] is None
    assert wiki["Coût"] == 1 and wiki["Hébergement au SPF"] == 2
    assert forum["Partage de documents"] is None and forum["Discussion"] == 3
    assert forum["Hébergement au SPF"] == 0
    criteria = {r[0]: r[1] for r in rows(wb.worksheets[1])[1:]}
    assert criteria["Hébergement au SPF"] == 4 and "Autre critère 1" not in criteria
    # The answers sheet names each score, with the coordinator's name for the custom one.
    answers = {r[1]: r[2] for r in rows(wb.worksheets[2])}
    tools = answers["Outils candidats"].splitlines()
    assert tools[0] == ("1. Outil: Wiki · Partage de documents: 3 · Coût: 1 · "
                        "Hébergement au SPF: 2")
    assert tools[1] == "2. Outil: Forum · Discussion: 3 · Hébergement au SPF: 0"
    assert "Hébergement au SPF: 4" in answers["Poids des critères"]
    assert "Autre critère 1" not in answers["Poids des critères"]


def test_kickoff_pdf_puts_the_total_after_the_last_agenda_row(client, world, make_instance):
    instance = make_instance("kickoff", title="Lancement")  # the ten default blocks, 2 pages
    client.force_login(world.coordinator)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(
        client.get(url("export_pdf", instance)).content)).pages]
    assert len(pages) == 2
    text = " ".join(" ".join(pages).split())  # PDF text breaks lines inside cells
    table = text[text.index("Accueil et mot du sponsor"):]  # the run sheet, first row on
    last_row = table.index("Moment informel")
    # The total once, after the last block: never at the foot of each page.
    assert table.count("Total 145") == 1
    assert table.index("Total 145") > last_row
