"""An index for "when was this local organ's roll last checked" (coverage's roll condition): one index
probe per organ instead of a scan of the whole membership table. It sits on people_membership but is
oversight's need, so oversight creates it (IF NOT EXISTS: harmless if the people app adds it later)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0001_surveys_and_scorecard_settings"),
        ("people", "0006_person_word_by_person"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS oversight_membership_roll_check "
            "ON people_membership (local_organ_id, roll_checked_on)",
            "DROP INDEX IF EXISTS oversight_membership_roll_check",
        )
    ]
