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
    ATTRIBUTION_REVIEW_STATUSES,
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
from .tallies import AgreementMark, ArticleAgreement, ArticleTally, TallyDimension
from .tokens import ApiToken

__all__ = [
    "ATTRIBUTION_REVIEW_STATUSES",
    "ROLE_RANK",
    "AgreementMark",
    "AnnotationSet",
    "ApiToken",
    "Article",
    "ArticleAgreement",
    "ArticleBand",
    "ArticleCompletion",
    "ArticleFlag",
    "ArticleTally",
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
    "TallyDimension",
]
from .corroboration import LinkSuggestionRejection, TextEmbedding

__all__ += ["LinkSuggestionRejection", "TextEmbedding"]
