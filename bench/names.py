"""Invented names for the generated data: built from syllables, so that no real person or body is named."""

from __future__ import annotations

import random

FIRST = ("Aa", "Ee", "Ii", "Ka", "Le", "Mi", "No", "Pe", "Ri", "Sa", "Tu", "Va", "Hi", "Jo", "Lu", "Ma", "Ne",
         "Ol", "Ru", "Si", "Te", "Un", "Ve", "Ym")
MIDDLE = ("la", "ri", "no", "ko", "mi", "sa", "tu", "va", "le", "ni", "ro", "ka", "pe", "hi", "ju", "el")
ENDS = ("nen", "la", "o", "i", "a", "us", "ek", "in", "ma", "ri")
SURNAME_ENDS = ("nen", "la", "lä", "nen", "mo", "koski", "vaara", "harju", "mäki", "niemi", "salo", "lahti")
ORGANISATION_KINDS = ("ry", "Oy", "säätiö", "palvelut", "keskus", "verkosto")


def given_name(rng: random.Random) -> str:
    return rng.choice(FIRST) + rng.choice(MIDDLE) + rng.choice(ENDS)


def surname(rng: random.Random) -> str:
    return rng.choice(FIRST) + rng.choice(MIDDLE) + rng.choice(MIDDLE) + rng.choice(SURNAME_ENDS)


def full_name(rng: random.Random) -> str:
    return f"{given_name(rng)} {surname(rng)}"


def word_for(number: int) -> str:
    """A made-up word that no other number gives (its syllables spell the number), capitalised."""
    syllables = FIRST[number % len(FIRST)].lower()
    number //= len(FIRST)
    while number:
        syllables += MIDDLE[number % len(MIDDLE)]
        number //= len(MIDDLE)
    return syllables.capitalize()


def organisation_name(number: int, city_name: str) -> str:
    """The invented name of organisation `number`, unique among all numbers (its id follows from the name)."""
    return f"{word_for(number)} {ORGANISATION_KINDS[number % len(ORGANISATION_KINDS)]} ({city_name})"
