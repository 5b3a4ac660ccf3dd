"""Folding, Markdown stripping and highlighting: pure functions, no database."""

from guide.textsearch import fold, fold_with_map, highlight_snippet, query_terms, strip_markdown


def test_fold_removes_accents_and_case():
    assert fold("Réunion ÉTÉ Heroriëntatie") == "reunion ete herorientatie"
    assert fold("cœur Straße l’équipe") == "coeur strasse l'equipe"


def test_fold_with_map_points_back_to_the_original_characters():
    folded, index = fold_with_map("œuvre à")
    assert folded == "oeuvre a"
    assert index[:3] == [0, 0, 1]
    assert len(index) == len(folded)


def test_strip_markdown_keeps_the_words():
    text = "### Titre\n\n- un **gras** et *italique*\n- [lien](https://x.org)\n1. fin"
    assert strip_markdown(text) == "Titre un gras et italique lien fin"


def test_query_terms_are_folded_unique_and_bounded():
    assert query_terms("Réunion  reunion, de a") == ["reunion", "de"]
    assert len(query_terms(" ".join(f"mot{i}" for i in range(20)))) == 6


def test_snippet_marks_the_accented_original_for_an_unaccented_term():
    snippet = highlight_snippet("Avant la Réunion de lancement.", ["reunion"])
    assert snippet == "Avant la <mark>Réunion</mark> de lancement."


def test_snippet_escapes_the_text_around_and_inside_marks():
    snippet = highlight_snippet("<script>x</script> réunion <b>", ["reunion", "script"])
    assert "<script>" not in snippet
    assert "&lt;<mark>script</mark>&gt;" in snippet
    assert "<mark>réunion</mark> &lt;b&gt;" in snippet


def test_snippet_is_cut_around_the_first_match():
    text = "mot " * 200 + "réunion " + "fin " * 200
    snippet = highlight_snippet(text, ["reunion"], width=100)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>réunion</mark>" in snippet
    assert len(snippet) < 160
