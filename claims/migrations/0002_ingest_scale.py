# Flat-cost ingest (issue 14): band keys scoped to their set, and the set's common keys.

import django.db.models.deletion
from django.db import migrations, models


def copy_set_ids(apps, schema_editor):
    ArticleBand = apps.get_model("claims", "ArticleBand")
    Article = apps.get_model("claims", "Article")
    ArticleBand.objects.update(
        annotation_set_id=models.Subquery(
            Article.objects.filter(pk=models.OuterRef("article_id")).values("annotation_set_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="articleband",
            name="annotation_set",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="claims.annotationset",
            ),
        ),
        migrations.RunPython(copy_set_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="articleband",
            name="annotation_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="claims.annotationset",
            ),
        ),
        migrations.RemoveIndex(
            model_name="articleband",
            name="articleband_key",
        ),
        migrations.AddIndex(
            model_name="articleband",
            index=models.Index(fields=["annotation_set", "key"], name="articleband_set_key"),
        ),
        migrations.CreateModel(
            name="CommonBandKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.BigIntegerField()),
                (
                    "annotation_set",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="claims.annotationset",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("annotation_set", "key"), name="commonbandkey_unique"
                    )
                ],
            },
        ),
        migrations.AlterField(
            model_name="articleband",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="bands",
                to="claims.article",
            ),
        ),
        migrations.AlterField(
            model_name="sentence",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="sentences",
                to="claims.article",
            ),
        ),
    ]
