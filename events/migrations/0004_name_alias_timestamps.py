import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="namealias",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="namealias",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
    ]
