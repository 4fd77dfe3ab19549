"""Reference statistics of established English: the n-gram LM tables, web bigrams, the
thesaurus candidate tables (all behind `reference.reference()`), and the neural LM of the deep
tier. The stages read them; nothing here knows about spans or documents."""
