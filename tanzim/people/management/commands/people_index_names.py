from django.core.management.base import BaseCommand

from tanzim.people.models import Person
from tanzim.people.search import person_index_names


class Command(BaseCommand):
    help = "(Re)build the name index used by member search, for every person (safe to run again)."

    def handle(self, *args, **options):
        people = Person.objects.order_by("pk")
        person_index_names(people.iterator(chunk_size=2000))
        self.stdout.write(f"Name index up to date for {people.count()} people.")
