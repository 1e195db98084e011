"""Hand-written paraphrase triples for bench/rerank.py: a claim, the same claim reported in
other words (what a suggestion should find), and a distractor that shares the claim's rarer
words but says something else (what BM25 is tempted by). Each shares at least one content
word with the claim, or BM25 would never offer it for re-ranking."""

TRIPLES: list[tuple[str, str, str]] = [
    (
        "The minister resigned after the corruption scandal at the port authority.",
        "The minister quit over graft allegations involving the port.",
        "Port authority workers staged a protest about pay at the port authority offices.",
    ),
    (
        "The company laid off 2,000 employees at its Ohio plant.",
        "Around two thousand workers lost their jobs when the firm cut staff in Ohio.",
        "The Ohio plant employees celebrated the company's 50th anniversary.",
    ),
    (
        "Police arrested three suspects in connection with the bank robbery.",
        "Three people were detained by officers over the bank heist.",
        "The bank hired three former police officers as security consultants.",
    ),
    (
        "The senator voted against the climate bill on Tuesday.",
        "On Tuesday the lawmaker opposed the climate legislation in the vote.",
        "The senator spoke about the climate at a Tuesday fundraiser.",
    ),
    (
        "Floods forced thousands of residents to evacuate their homes.",
        "Thousands of people fled rising water as floods hit the region.",
        "Residents of the homes complained about the new evacuate signage.",
    ),
    (
        "The central bank raised interest rates by half a percentage point.",
        "Borrowing costs went up 0.5 points after the bank's rate decision.",
        "The central bank opened a museum about the history of interest.",
    ),
    (
        "The hospital ran out of vaccine doses within a week.",
        "Within seven days the clinic had no vaccine shots left.",
        "The hospital week featured talks on vaccine research history.",
    ),
    (
        "The mayor denied any wrongdoing in the housing contract.",
        "The mayor insisted he had done nothing improper over the housing deal.",
        "The mayor toured the housing contract site with builders.",
    ),
    (
        "Wildfires destroyed more than 500 houses in the county.",
        "Over five hundred homes burned down as fires swept the county.",
        "The county fair had more than 500 houses of cards on display.",
    ),
    (
        "The court blocked the new immigration rules from taking effect.",
        "A judge halted the immigration policy before it could start.",
        "The court building hosted a new immigration museum exhibit.",
    ),
    (
        "Oil prices fell sharply after the producers agreed to increase output.",
        "Crude got much cheaper once exporters decided to pump more.",
        "Producers of olive oil agreed on new labelling rules.",
    ),
    (
        "The airline cancelled hundreds of flights because of the strike.",
        "Hundreds of flights were scrapped as pilots walked out.",
        "The airline's strike-themed advertising campaign flights won an award.",
    ),
    (
        "The president signed the infrastructure bill into law.",
        "The infrastructure package became law with the president's signature.",
        "The president of the infrastructure club signed autographs.",
    ),
    (
        "Scientists found traces of water on the surface of the moon.",
        "Researchers detected water molecules on the lunar surface.",
        "Scientists traced the surface of the water in the moon-shaped lake.",
    ),
    (
        "The union accepted the pay offer, ending the six-week strike.",
        "Workers agreed to the wage deal and the six-week walkout is over.",
        "The union offer of free pay-as-you-go phones ended last week.",
    ),
    (
        "The ambassador was summoned over the spying allegations.",
        "The envoy was called in to answer accusations of espionage.",
        "The ambassador's memoir makes allegations about a spying novel's author.",
    ),
    (
        "Unemployment fell to its lowest level in fifty years.",
        "The jobless rate dropped to a half-century low.",
        "Fifty years of unemployment insurance were celebrated at the level crossing.",
    ),
    (
        "The museum returned the stolen artefacts to Nigeria.",
        "Looted objects were handed back to Nigeria by the museum.",
        "The museum in Nigeria displayed artefacts about stolen bicycles.",
    ),
    (
        "The governor declared a state of emergency after the hurricane.",
        "An emergency was declared by the governor as the hurricane hit.",
        "The governor's state dinner menu featured hurricane cocktails.",
    ),
    (
        "Regulators fined the bank $1 billion for money laundering failures.",
        "The bank must pay a billion dollars in penalties over laundering lapses.",
        "Regulators ate lunch at the bank's laundering-themed cafe, paying $1.",
    ),
]

# A filler sentence per article, so no two articles are near-duplicates.
FILLERS = [
    "Reporting was contributed by the regional desk.",
    "The story was updated with additional details.",
    "Officials did not respond to requests for comment.",
    "This article first appeared in the morning edition.",
    "Additional reporting came from local correspondents.",
    "The figures could not be independently verified.",
]
