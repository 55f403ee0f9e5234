package io.rlwb.plugins.llm.nodes;

import java.util.Optional;

/**
 * What an attention kernel needs of the policy it serves, known before anything is built, so validation can say
 * when a kernel does not fit (the shape on an {@code attention-kernel} wire).
 *
 * @param kernel the kernel's name
 * @param headDimDivisor the head size must be a multiple of this (KIVI's value groups, and bytes of codes); 1
 *     for none
 * @param minHeadDim the head size must be at least this (Double Sparsity's label channels); 1 for none
 * @param tokenBudget positions the kernel keeps or reads per head, or 0 when it keeps them all; a budget at or
 *     above the context length never compresses (a warning, not an error)
 * @param batchOne the kernel segments one sequence at a time (SentenceKV): decoding must use batch 1
 * @param storage the kernel may serve as another kernel's inner store
 */
public record KernelFit(String kernel, int headDimDivisor, int minHeadDim, int tokenBudget, boolean batchOne,
        boolean storage) {
    /** Why this kernel cannot serve a policy with heads of {@code headDim} ({@code width / heads}); empty if it can. */
    public Optional<String> misfit(int width, int heads) {
        int headDim = width / heads;
        if (headDim % headDimDivisor != 0) {
            return Optional.of("kernel '" + kernel + "' needs a head size divisible by " + headDimDivisor
                    + ", and the policy's head size is " + headDim + " (width " + width + " / heads " + heads + ")");
        }
        if (headDim < minHeadDim) {
            return Optional.of("kernel '" + kernel + "' needs a head size of at least " + minHeadDim
                    + ", and the policy's head size is " + headDim + " (width " + width + " / heads " + heads + ")");
        }
        return Optional.empty();
    }

    /** A warning when the kernel's budget is no smaller than {@code contextLength}; empty otherwise. */
    public Optional<String> idle(int contextLength) {
        if (tokenBudget > 0 && tokenBudget >= contextLength) {
            return Optional.of("kernel '" + kernel + "' keeps " + tokenBudget + " positions, no fewer than the "
                    + "policy's context length " + contextLength + ": it never compresses");
        }
        return Optional.empty();
    }

    /** The fit of a kernel named {@code name} composed over {@code inner}: both kernels' needs. */
    public KernelFit over(String name, KernelFit inner, boolean storage) {
        return new KernelFit(name, lcm(headDimDivisor, inner.headDimDivisor), Math.max(minHeadDim, inner.minHeadDim),
                tokenBudget, batchOne || inner.batchOne, storage);
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }
}
