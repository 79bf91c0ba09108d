"""Make a CataloguePage the site root, in place of Wagtail's welcome page, and add every locale."""

from django.conf import settings
from django.db import migrations


def create_catalogue(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    CataloguePage = apps.get_model("courses.CataloguePage")

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    source_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)

    if CataloguePage.objects.exists():
        return
    # Wagtail's initial migration made a welcome page at depth 2; replace it.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="cataloguepage", app_label="courses")
    catalogue = CataloguePage.objects.create(
        title="LIAISE Academy",
        draft_title="LIAISE Academy",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=source_locale,
        # The introduction comes from courses/content/catalogue.yaml (load_liaise_content).
        intro="",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=catalogue, is_default_site=True)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create_catalogue, migrations.RunPython.noop)]
