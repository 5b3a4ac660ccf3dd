"""The open answers shown per question, kept with the running totals (survey/totals.py). The
totals stored before have no texts: they are dropped, and rebuilt from the answers at the next
read or release of each wave (as for a wave released before the table existed)."""

from django.db import migrations, models


def forget_totals(apps, schema_editor):
    apps.get_model("survey", "ReleasedQuestionTotals").objects.all().delete()
    apps.get_model("survey", "ReleasedTotals").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('survey', '0006_released_totals'),
    ]

    operations = [
        migrations.AddField(
            model_name='releasedquestiontotals',
            name='shown_texts',
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(forget_totals, migrations.RunPython.noop),
    ]
