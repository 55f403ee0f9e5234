/**
 * Text for the language policy: a character tokenizer with special tokens ({@link
 * io.rlwb.plugins.llm.text.CharTokenizer}) and padded batches with attention and loss masks.
 */
package io.rlwb.plugins.llm.text;
