# Joins the round-2 schema changes that were made in parallel (they touch different tables).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0002_corroboration'),
        ('claims', '0002_curation'),
        ('claims', '0002_ingest_scale'),
        ('claims', '0002_review_desk'),
        ('claims', '0002_write_integrity'),
    ]

    operations = [
    ]
