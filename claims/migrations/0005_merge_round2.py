from django.db import migrations


class Migration(migrations.Migration):
    # Joins the two round-2 migrations that both followed 0003 (different tables).
    dependencies = [
        ("claims", "0004_editors_day"),
        ("claims", "0004_hardening"),
    ]

    operations = []
