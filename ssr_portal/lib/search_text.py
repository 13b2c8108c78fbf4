"""Words as the search compares them where the database has no text search of
its own (SQLite): lower case, split on what is not a letter or digit, and cut to
their Swedish stem by Snowball's stemmer, the algorithm PostgreSQL's `swedish`
configuration uses ("beredskapen" and "beredskap" are both "beredskap")."""

import re
from functools import lru_cache

import snowballstemmer

__all__ = ["stem_list", "stems"]

_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def stem_list(text: str) -> list[str]:
    """The stems of the words of `text`, in order."""
    return [_stem(word) for word in _WORD.findall(text.lower())]


def stems(text: str) -> str:
    """The distinct stems of `text` with a space before and after each, so that
    `LIKE '% stem%'` finds a word that starts with a stem."""
    unique = dict.fromkeys(stem_list(text))
    return f" {' '.join(unique)} " if unique else ""


# How alike a misspelled word must be to a word of a title for the search to
# offer it (pg_trgm's word_similarity, 0–1; its default 0.6 misses a swapped
# pair of letters: "beredksap" is 0.5 like "beredskap").
WORD_SIMILARITY_THRESHOLD = 0.45


def postgres_search_settings(sender, connection, **kwargs) -> None:
    """Each new PostgreSQL connection's trigram threshold (`connection_created`)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
            [str(WORD_SIMILARITY_THRESHOLD)],
        )
