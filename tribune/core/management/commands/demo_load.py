from django.core.management.base import BaseCommand

from tribune.demo.load import demo_load


class Command(BaseCommand):
    help = "Load the demo site (the seed article, its campaign and comments) unless it is there."

    def handle(self, *args, **options):
        result = demo_load()
        if result.created:
            self.stdout.write(f"Loaded the demo: {result.article.headline}")
        else:
            self.stdout.write("The demo is already loaded; nothing changed.")
