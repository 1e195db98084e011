from django.db import migrations


class Migration(migrations.Migration):
    # Joins the suggestion threshold (s11) and the re-ranker's embeddings (rerank), both
    # after 0005 (different tables).
    dependencies = [
        ("claims", "0006_rerank"),
        ("claims", "0006_s11"),
    ]

    operations = []
