/** Wire contracts shared by several Sanke modules: records and codecs only. */
package io.sanke.common;
