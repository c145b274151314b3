from django.db import migrations

KINDS = ["production", "vfx", "post", "dubbing", "subtitling", "sound", "equipment", "location", "training"]
LANGUAGES = [
    ("ko", "Korean"), ("ja", "Japanese"), ("th", "Thai"), ("id", "Indonesian"), ("zh", "Chinese"),
    ("en", "English"), ("vi", "Vietnamese"), ("tl", "Filipino"), ("ms", "Malay"), ("hi", "Hindi"),
    ("es", "Spanish"), ("fr", "French"), ("de", "German"), ("pt", "Portuguese"), ("ar", "Arabic"),
    ("ta", "Tamil"), ("bn", "Bengali"), ("km", "Khmer"), ("lo", "Lao"), ("my", "Burmese"), ("mn", "Mongolian"),
]


def seed(apps, schema_editor):
    PartnerKind = apps.get_model("partners", "PartnerKind")
    Language = apps.get_model("partners", "Language")
    for code in KINDS:
        PartnerKind.objects.get_or_create(code=code)
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
