"""factory_boy factories for the domain model (factories, not fixtures)."""

import hashlib
from typing import Any

import factory
from django.contrib.auth import get_user_model

from claims.models import (
    AnnotationSet,
    Article,
    Attribution,
    AttributionKind,
    Claim,
    ClaimLink,
    LinkRelation,
    Membership,
    Role,
    Sentence,
    Source,
)
from claims.nlp.segment import segment_sentences

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class AnnotationSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnotationSet

    name = factory.Sequence(lambda n: f"Set {n}")
    slug = factory.Sequence(lambda n: f"set-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    annotation_set = factory.SubFactory(AnnotationSetFactory)
    role = Role.ANNOTATOR


DEFAULT_TEXT = (
    "Officials familiar with the talks said the deal was close. "
    '"We are nearly there," Mayor Ana Ruiz told reporters on Monday.\n\n'
    "The council declined to comment."
)


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article with its sentences; the text's hash keeps articles distinct."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    annotation_set = factory.SubFactory(AnnotationSetFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = "The Example Times"
    text = DEFAULT_TEXT
    folded_sha256 = factory.LazyAttributeSequence(
        lambda a, n: hashlib.sha256(f"{n}:{a.text}".encode()).hexdigest()
    )

    @factory.post_generation
    def sentences(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        Sentence.objects.bulk_create(
            Sentence(article=self, index=i, start=s, end=e)
            for i, (s, e) in enumerate(segment_sentences(self.text))
        )


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda c: min(len(c.article.text), c.start + 20))
    quote = factory.LazyAttribute(lambda c: c.article.text[c.start : c.end])


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    annotation_set = factory.SubFactory(AnnotationSetFactory)
    name = factory.Sequence(lambda n: f"Source {n}")
    folded_name = factory.LazyAttribute(lambda s: s.name.casefold())


class AttributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribution

    claim = factory.SubFactory(ClaimFactory)
    article = factory.LazyAttribute(lambda a: a.claim.article)
    kind = AttributionKind.SOURCED


class ClaimLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimLink

    from_claim = factory.SubFactory(ClaimFactory)
    to_claim = factory.SubFactory(
        ClaimFactory, article=factory.SelfAttribute("..from_claim.article"), start=21
    )
    relation = LinkRelation.CORROBORATES
