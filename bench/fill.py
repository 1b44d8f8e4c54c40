"""Fill a Tribune database with 10,000 published articles for the benchmark.

    TRIBUNE_VAR_DIR=/tmp/tribune-bench .venv/bin/python bench/fill.py [--articles 10000]

Uses the database in DATABASE_URL (default: SQLite under TRIBUNE_VAR_DIR). Migrates, loads the
demo site, makes a few sections, tags, authors and lead images through the services, then
inserts the articles in batches with bodies rendered exactly as article_save renders them.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tribune.config.settings.base")

WORDS = ("water", "bread", "council", "border", "market", "drought", "harvest", "election",
         "school", "hospital", "bridge", "power", "convoy", "ceasefire", "refugees", "village",
         "river", "mountain", "road", "fuel", "prices", "wheat", "olive", "factory", "court",
         "police", "army", "talks", "mayor", "teachers", "doctors", "farmers", "traders",
         "students", "workers")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    options = parser.parse_args()

    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from tribune.demo.image import lead_image_jpeg
    from tribune.newsroom.models import Article, Author, Byline, Section, Tag
    from tribune.newsroom.paragraphs import article_body_render
    from tribune.newsroom.services import image_create

    call_command("migrate", verbosity=0)
    call_command("demo_load")
    have = Article.objects.count()
    if have >= options.articles:
        print(f"{have} articles already there")
        return
    rng = random.Random(10_000)
    sections = [Section.objects.get_or_create(slug=slugify(n), defaults={"name": n})[0]
                for n in ("News", "Economy", "Analysis", "Culture")]
    tags = [Tag.objects.get_or_create(slug=slugify(n), defaults={"name": n, "kind": k})[0]
            for n, k in (("Damascus", "place"), ("Aleppo", "place"), ("Homs", "place"),
                         ("Water", "topic"), ("Energy", "topic"), ("Elections", "topic"))]
    authors = [Author.objects.get_or_create(slug=slugify(n), defaults={"name": n})[0]
               for n in ("Amal Noor", "Zaid Karam", "Rana Saleh", "Omar Haddad")]
    images = [image_create(file=ContentFile(lead_image_jpeg(seed), name=f"bench-{seed}.jpg"),
                           alt_text="Mountain ridges at dusk", caption="Ridges", credit="Illustration")
              for seed in range(3)]
    started, now, batch = time.monotonic(), timezone.now(), 500
    for first in range(have, options.articles, batch):
        rows = []
        for number in range(first, min(first + batch, options.articles)):
            paragraphs = [" ".join(rng.choices(WORDS, k=rng.randint(30, 70))).capitalize() + "."
                          for _ in range(rng.randint(5, 12))]
            body = "\n\n".join(paragraphs)
            headline = " ".join(rng.choices(WORDS, k=6)).capitalize() + f" {number}"
            rows.append(Article(
                headline=headline, slug=slugify(headline), standfirst=paragraphs[0][:200], body=body,
                body_html=article_body_render(body), section=rng.choice(sections),
                lead_image=rng.choice(images), status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=10 * number + 10),
            ))
        with transaction.atomic():
            created = Article.objects.bulk_create(rows)
            if created[0].pk is None:  # backends that do not return ids
                created = list(Article.objects.filter(slug__in=[r.slug for r in rows]))
            Byline.objects.bulk_create([Byline(article=a, author=rng.choice(authors)) for a in created])
            through = Article.tags.through
            through.objects.bulk_create([through(article=a, tag=t) for a in created
                                         for t in rng.sample(tags, 2)])
        print(f"{first + len(rows)} articles ({time.monotonic() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
