from django.db import migrations


class Migration(migrations.Migration):
    # Joins the suggestion threshold (0006_s11, after 0005) with main's line (0006_rerank,
    # 0007_desk, 0008_tallies); different tables.
    dependencies = [
        ("claims", "0008_tallies"),
        ("claims", "0006_s11"),
    ]

    operations = []
