"""French typography at render time: typographic apostrophes and narrow no-break spaces before
: ; ? ! and inside « », on French content only, never inside tags, URLs, code or times."""

import pytest

from copkit.core.text import render_markdown, render_markdown_inline
from copkit.core.typography import NNBSP, for_language, french_html, french_text

N = NNBSP


@pytest.mark.parametrize(("source", "expected"), [
    ("L'élan : ça tient ?", f"L’élan{N}: ça tient{N}?"),
    ("Pourquoi? Parce que; enfin!", f"Pourquoi{N}? Parce que{N}; enfin{N}!"),
    ("Note: une idée", f"Note{N}: une idée"),
    ("« maintien » et «élan»", f"«{N}maintien{N}» et «{N}élan{N}»"),
    ("Rendez-vous à 10:30 ou 9:05.", "Rendez-vous à 10:30 ou 9:05."),
    ("Voir https://bosa.belgium.be/fr/a?b=1 !", f"Voir https://bosa.belgium.be/fr/a?b=1{N}!"),
    ("Écrivez à km@bosa.fgov.be ou mailto:km@bosa.fgov.be.",
     "Écrivez à km@bosa.fgov.be ou mailto:km@bosa.fgov.be."),
    ("Vraiment ?!", f"Vraiment{N}?!"),
    ("aujourd'hui", "aujourd’hui"),
])
def test_french_text(source, expected):
    assert french_text(source) == expected


def test_html_attributes_tags_and_code_are_left_alone():
    source = ('<p><a href="https://x.be/a?b=1&amp;c=2" title="l\'outil : x">l\'outil</a> : '
              '<code>a: b; l\'x?</code></p><pre>t: u</pre>')
    assert french_html(source) == (
        f'<p><a href="https://x.be/a?b=1&amp;c=2" title="l\'outil : x">l’outil</a>{N}: '
        '<code>a: b; l\'x?</code></p><pre>t: u</pre>')


def test_a_quoted_greater_than_sign_does_not_end_the_tag():
    source = '<p><a href="https://x.be" title="a > b : c">l\'outil</a> ?</p>'
    assert french_html(source) == (
        f'<p><a href="https://x.be" title="a > b : c">l’outil</a>{N}?</p>')


def test_html_entities_are_not_mistaken_for_semicolons():
    assert french_html("<p>R&amp;D &lt;pilote&gt; : oui</p>") == (
        f"<p>R&amp;D &lt;pilote&gt;{N}: oui</p>")


def test_a_sign_after_an_inline_tag_gets_its_space():
    assert french_html("<p><strong>Fréquence</strong>: mensuelle</p>") == (
        f"<p><strong>Fréquence</strong>{N}: mensuelle</p>")


@pytest.mark.parametrize("source", [
    "<p>L'élan : « maintien » ! Pourquoi? https://x.be/?q=1 à 10:30</p>",
    "<ul><li><strong>Q</strong>: x ; y</li></ul>",
])
def test_applying_twice_changes_nothing(source):
    once = french_html(source)
    assert french_html(once) == once
    assert french_text(french_text(source)) == french_text(source)


def test_only_french_gets_french_typography():
    assert for_language("Why? l'x : y", "en", markup=False) == "Why? l'x : y"
    assert for_language("Waarom? Zo: ja", "nl", markup=True) == "Waarom? Zo: ja"
    assert for_language("l'x : y", "fr", markup=False) == f"l’x{N}: y"


def test_markdown_rendering_applies_it_in_french_only(settings):
    from django.utils import translation

    with translation.override("fr"):
        assert render_markdown("L'**élan** : « oui » ?") == (
            f"<p>L’<strong>élan</strong>{N}: «{N}oui{N}»{N}?</p>")
        assert render_markdown_inline("Un [lien](https://x.be/a?b) : ok") == (
            f'Un <a href="https://x.be/a?b" rel="noopener noreferrer">lien</a>{N}: ok')
    with translation.override("en"):
        assert render_markdown("It's : ok") == "<p>It's : ok</p>"



def test_the_typeset_filter_follows_the_active_language():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load copkit_text %}{{ title|typeset }}")
    context = Context({"title": "L'équipe : qui fait quoi ? <b>"})
    with translation.override("fr"):
        assert template.render(context) == f"L’équipe{N}: qui fait quoi{N}? &lt;b&gt;"
    with translation.override("nl"):
        assert template.render(context) == "L&#x27;équipe : qui fait quoi ? &lt;b&gt;"
