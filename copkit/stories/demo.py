"""Demo: a dozen value-creation stories of the public procurement network, across the cycles,
some told through the link, some entered by the coordinator, tagged and (some) published."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from copkit.communities.models import Community
from copkit.stories.models import DossierNote, Source, Story, Visibility
from copkit.stories.services import link_get_or_create

SLUG = "marches-publics"
IN, C, D = Visibility.INTERNAL, Visibility.COMMUNITY, Visibility.DOSSIER

# (days ago, language, title, situation, contribution kind, contribution, action, change,
#  evidence, name, name shown, consent, cycles, dimensions, topic, visibility)
STORIES = [
    (330, "fr", "Un modèle de cahier des charges réutilisé",
     "Je devais lancer mon premier marché de services informatiques, seule dans mon service.",
     "resource", "Le modèle de cahier des charges partagé après la rencontre de mars.",
     "Je l’ai adapté à notre besoin en deux jours au lieu de partir de zéro.",
     "Le marché a été publié trois semaines plus tôt que prévu.",
     "Date de publication au Bulletin des adjudications comparée au planning initial.",
     "", False, True, ["potential", "applied"], ["knowledge-sharing"], "cahier des charges", D),
    (300, "nl", "Minder fouten in de selectiecriteria",
     "Onze offertes werden vaak onregelmatig verklaard door onduidelijke selectiecriteria.",
     "activity", "De workshop over selectiecriteria met voorbeelden uit andere FOD’s.",
     "We hebben onze standaardcriteria herschreven volgens de checklist van de workshop.",
     "Sinds de nieuwe criteria werd geen enkele offerte meer onregelmatig verklaard.",
     "Vier opdrachten na de workshop, nul onregelmatige offertes (voordien gemiddeld twee).",
     "Sofie P.", True, True, ["applied", "realised"], ["results-value"], "selectiecriteria", D),
    (280, "fr", "Ne plus être seul face à un recours",
     "Un soumissionnaire évincé a introduit un recours en suspension.",
     "contact", "Une collègue d’un autre SPF qui avait vécu le même cas.",
     "Elle m’a expliqué sa défense ; j’ai structuré notre note de la même manière.",
     "Le recours a été rejeté et j’ai gagné en assurance.",
     "Arrêt du Conseil d’État rejetant la demande.",
     "", False, True, ["immediate", "realised"], ["participation-trust", "results-value"],
     "recours", D),
    (250, "fr", "Une question posée, cinq réponses en un jour",
     "Je ne savais pas si une modification de contrat dépassait le seuil autorisé.",
     "activity", "Le forum de la communauté.",
     "J’ai posé la question et suivi l’avis concordant de cinq collègues.",
     "La modification a été faite sans nouvelle procédure, en toute sécurité juridique.",
     "", "", False, True, ["immediate"], ["knowledge-sharing"], "modification de contrat", C),
    (220, "nl", "Samen aankopen",
     "Drie diensten kochten afzonderlijk dezelfde vertaaldiensten aan.",
     "contact", "De kennismaking tijdens de netwerkdag.",
     "We hebben een gezamenlijke opdracht uitgeschreven.",
     "Eén procedure in plaats van drie en een betere prijs per woord.",
     "Prijs per woord 12 % lager dan in de vorige afzonderlijke opdrachten.",
     "", False, True, ["realised", "strategic"], ["organisational-support"], "gezamenlijke aankoop",
     D),
    (200, "fr", "Le réflexe développement durable",
     "Nos marchés de fournitures ne comportaient aucun critère environnemental.",
     "resource", "La fiche pratique sur les clauses durables rédigée par le groupe noyau.",
     "Je l’ai présentée à ma direction, qui l’a rendue obligatoire pour nos marchés.",
     "Tous nos marchés de fournitures contiennent désormais une clause durable.",
     "Note de service de la direction (juin).",
     "Marc D.", False, True, ["applied", "reframing"], ["results-value", "renewal"],
     "marchés durables", C),
    (170, "fr", "Des nouveaux venus plus vite opérationnels",
     "Deux juristes sont arrivés dans l’équipe sans expérience des marchés publics.",
     "activity", "Le parcours d’accueil et le parrainage proposés par la communauté.",
     "Ils ont suivi trois rencontres et ont eu un parrain dans un autre SPF.",
     "Ils ont géré leur premier dossier seuls après deux mois au lieu de six.",
     "", "", False, False, ["potential", "enabling"], ["participation-trust"], "accueil", IN),
    (140, "nl", "Een nieuwe kijk op succes",
     "We maten het succes van onze aankoopdienst enkel aan de doorlooptijd.",
     "activity", "Een discussie over kwaliteit tijdens de jaarlijkse bijeenkomst.",
     "We hebben tevredenheid van de interne klant als indicator toegevoegd.",
     "Het directiecomité volgt nu twee indicatoren in plaats van één.",
     "Boordtabel van het directiecomité.",
     "", False, True, ["reframing", "strategic"], ["objectives"], "indicatoren", D),
    (110, "fr", "Un outil de planification partagé",
     "Nous n’avions aucune vue sur les marchés qui arrivaient à échéance.",
     "resource", "Le tableur de planification partagé sur l’espace de la communauté.",
     "Je l’ai installé dans mon service et alimenté avec nos contrats.",
     "Plus aucun contrat n’est arrivé à échéance sans relance.",
     "", "", False, True, ["applied"], ["it-communication"], "planification", C),
    (80, "fr", "La communauté portée par la direction",
     "La communauté fonctionnait sans reconnaissance officielle.",
     "activity", "La présentation des histoires de valeur au comité de direction.",
     "Nous avons demandé du temps reconnu pour les membres du groupe noyau.",
     "Chaque membre du noyau dispose désormais d’une demi-journée par mois.",
     "Décision du comité de direction.",
     "", False, True, ["enabling", "strategic"], ["organisational-support"], "soutien", D),
    (45, "nl", "Een andere manier van samenwerken",
     "Juristen en aankopers werkten elk in hun eigen hoek.",
     "activity", "De gemengde werkgroepen van de community.",
     "We organiseren nu elke opdracht met een duo jurist-aankoper.",
     "De verhouding tussen beide diensten is grondig veranderd.",
     "", "", False, True, ["transformative"], ["participation-trust"], "samenwerking", IN),
    (15, "fr", "Une réponse rapide avant la date limite",
     "Une question d’un soumissionnaire arrivait la veille de la date limite.",
     "contact", "Un membre expérimenté joint par téléphone grâce à la liste des membres.",
     "J’ai publié une réponse correcte dans l’heure.",
     "La procédure n’a pas dû être prolongée.",
     "", "", False, False, ["immediate"], [], "", IN),
]


def seed(*, stdout) -> None:
    community = Community.objects.filter(slug=SLUG).first()
    if community is None:
        return
    link_get_or_create(community)
    if Story.objects.filter(community=community).exists():
        return
    coordinator = get_user_model().objects.filter(username="demo-coordinator").first()
    today = timezone.localdate()
    rows = []
    for (days, language, title, situation, kind, contribution, action, change, evidence, name,
         shown, consent, cycles, dimensions, topic, visibility) in STORIES:
        told = {"title": title, "situation": situation, "contribution": contribution,
                "action": action, "change": change, "evidence": evidence}
        by_link = days % 2 == 0
        rows.append(Story(
            community=community, source=Source.LINK if by_link else Source.COORDINATOR,
            language=language, contribution_kind=kind, original=told, teller_name=name,
            name_shown=shown, consent=consent, cycles=cycles, dimensions=dimensions,
            topic=topic, visibility=visibility, told_on=today - timedelta(days=days),
            entered_by=None if by_link else coordinator, **told))
    Story.objects.bulk_create(rows)
    DossierNote.objects.get_or_create(community=community, defaults={
        "sponsor": "Direction d’encadrement Budget et Contrôle de gestion",
        "next_steps": "Étendre les binômes juriste-acheteur à tous les SPF membres\n"
                      "Recueillir une histoire de valeur après chaque rencontre\n"
                      "Présenter le dossier au comité de direction en juin"})
    stdout.write(f"stories: {len(rows)} value-creation stories for {SLUG}\n")
