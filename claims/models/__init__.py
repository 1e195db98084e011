from .articles import (
    Article,
    ArticleBand,
    ArticleFlag,
    CommonBandKey,
    DuplicateCluster,
    FlagKind,
    Sentence,
)
from .assignments import Assignment
from .claims import (
    Attribution,
    AttributionKind,
    Claim,
    ClaimLink,
    ClaimStatus,
    LinkRelation,
    Origin,
    StandoffMark,
)
from .curation import Curation, CurationStatus
from .review import (
    ArticleCompletion,
    ChangeAction,
    ChangeRecord,
    ImportJob,
    ImportJobFile,
    JobStatus,
    ReviewComment,
    ReviewDecision,
)
from .sets import ROLE_RANK, AnnotationSet, Membership, Role
from .sources import Source, SourceAlias, SourceKind
from .tokens import ApiToken

__all__ = [
    "ROLE_RANK",
    "AnnotationSet",
    "ApiToken",
    "Article",
    "ArticleBand",
    "ArticleCompletion",
    "ArticleFlag",
    "Assignment",
    "Attribution",
    "AttributionKind",
    "ChangeAction",
    "ChangeRecord",
    "Claim",
    "ClaimLink",
    "ClaimStatus",
    "CommonBandKey",
    "Curation",
    "CurationStatus",
    "DuplicateCluster",
    "FlagKind",
    "ImportJob",
    "ImportJobFile",
    "JobStatus",
    "LinkRelation",
    "Membership",
    "Origin",
    "ReviewComment",
    "ReviewDecision",
    "Role",
    "Sentence",
    "Source",
    "SourceAlias",
    "SourceKind",
    "StandoffMark",
]
from .corroboration import LinkSuggestionRejection, TextEmbedding

__all__ += ["LinkSuggestionRejection", "TextEmbedding"]
