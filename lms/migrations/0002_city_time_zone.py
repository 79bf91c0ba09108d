from django.db import migrations, models

import lms.models

# Frozen here: the migration must not change if the model's table does.
COUNTRY_TIME_ZONES = {
    "BE": "Europe/Brussels",
    "CZ": "Europe/Prague",
    "DE": "Europe/Berlin",
    "GR": "Europe/Athens",
    "ES": "Europe/Madrid",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "IT": "Europe/Rome",
    "NL": "Europe/Amsterdam",
    "PT": "Europe/Lisbon",
    "SE": "Europe/Stockholm",
    "DK": "Europe/Copenhagen",
}


def set_time_zones(apps, schema_editor):
    City = apps.get_model("lms", "City")
    for country, zone in COUNTRY_TIME_ZONES.items():
        City.objects.filter(country=country, time_zone="").update(time_zone=zone)
    City.objects.filter(time_zone="").update(time_zone="Europe/Brussels")


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="city",
            name="time_zone",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Dates and times in the city's reports and exports are shown in this zone, "
                    "e.g. Europe/Brussels. Leave empty for the country's."
                ),
                max_length=64,
                validators=[lms.models.validate_time_zone],
                verbose_name="time zone",
            ),
        ),
        migrations.RunPython(set_time_zones, migrations.RunPython.noop),
    ]
